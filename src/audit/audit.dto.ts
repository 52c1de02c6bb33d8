import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDate, IsIn, IsUUID } from 'class-validator';
import { Omittable } from '../common/http/omittable';
import { PageQuery } from '../common/http/query-params';
import { AUDIT_ACTIONS, AUDIT_AREAS } from './audit-entry.entity';

const ACTION_FILTERS = [...AUDIT_AREAS, ...AUDIT_ACTIONS];

export class AuditQuery extends PageQuery {
  @ApiPropertyOptional({
    enum: ACTION_FILTERS,
    description: 'An action (`consent.granted`), or an area for all of its actions (`consent`).',
  })
  @Omittable()
  @IsIn(ACTION_FILTERS)
  action?: string;
  @ApiPropertyOptional({ description: 'Only what this operator did.' })
  @Omittable()
  @IsUUID('all')
  operatorId?: string;
  @ApiPropertyOptional({ type: String, format: 'date-time', description: 'From this instant on.' })
  @Omittable()
  @Type(() => Date)
  @IsDate()
  from?: Date;
  @ApiPropertyOptional({ type: String, format: 'date-time', description: 'Up to this instant.' })
  @Omittable()
  @Type(() => Date)
  @IsDate()
  to?: Date;
}
