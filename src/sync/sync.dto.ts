import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsString, MaxLength } from 'class-validator';
import { PageQuery, queryBoolean } from '../common/http/query-params';
import { RUN_KINDS } from './sync.entities';
import { Omittable } from '../common/http/omittable';

export class StartSyncDto {
  @ApiPropertyOptional({ enum: ['full', 'incremental'], default: 'full' })
  @Omittable()
  @IsIn(RUN_KINDS.filter((k) => k === 'full' || k === 'incremental'))
  kind?: 'full' | 'incremental';
}

export class FailuresQuery extends PageQuery {
  @ApiPropertyOptional({ example: 'MISSING_PHONE_SYSTEM_LICENSE' })
  @Omittable()
  @IsString()
  @MaxLength(64)
  code?: string;
  @ApiPropertyOptional({ description: 'true: open failures only; false: resolved only' })
  @Omittable()
  @Transform(queryBoolean)
  @IsBoolean()
  open?: boolean;
}

export const USER_STATES = [
  'synced',
  'pending',
  'failed',
  'blocked',
  'conflict',
  'unmatched',
  'removed',
] as const;

export class UsersQuery extends PageQuery {
  @ApiPropertyOptional({ enum: USER_STATES })
  @Omittable()
  @IsIn(USER_STATES)
  state?: (typeof USER_STATES)[number];
}
