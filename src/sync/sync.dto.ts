import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { RUN_KINDS } from './sync.entities';

export class StartSyncDto {
  @ApiPropertyOptional({ enum: ['full', 'incremental'], default: 'full' })
  @IsOptional()
  @IsIn(RUN_KINDS.filter((k) => k !== 'retry'))
  kind?: 'full' | 'incremental';
}

export class PageQuery {
  @ApiPropertyOptional({ default: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  page?: number;
  @ApiPropertyOptional({ default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  pageSize?: number;
}

export class FailuresQuery extends PageQuery {
  @ApiPropertyOptional({ example: 'MISSING_PHONE_SYSTEM_LICENSE' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  code?: string;
  @ApiPropertyOptional({ description: 'true: open failures only; false: resolved only' })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
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
  @IsOptional()
  @IsIn(USER_STATES)
  state?: (typeof USER_STATES)[number];
}
