import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn } from 'class-validator';
import { PageQuery, queryBoolean } from '../common/http/query-params';
import { INDICATOR_COLOURS, IndicatorColour } from './registration-indicator';
import { Omittable } from '../common/http/omittable';

export const FLEET_SORTS = ['name', 'health', 'freshness', 'openFailures', 'seatsUsed'] as const;
export type FleetSort = (typeof FLEET_SORTS)[number];

export class FleetQuery extends PageQuery {
  @ApiPropertyOptional({ enum: INDICATOR_COLOURS })
  @Omittable()
  @IsIn(INDICATOR_COLOURS)
  health?: IndicatorColour;
  @ApiPropertyOptional({ description: 'true: amber and red tenants only' })
  @Omittable()
  @Transform(queryBoolean)
  @IsBoolean()
  needsAttention?: boolean;
  @ApiPropertyOptional({
    enum: FLEET_SORTS,
    default: 'name',
    description:
      'health: red first; freshness: the oldest directory read first; openFailures and seatsUsed: most first. order=desc turns it round.',
  })
  @Omittable()
  @IsIn(FLEET_SORTS)
  sort?: FleetSort;
  @ApiPropertyOptional({ enum: ['asc', 'desc'], default: 'asc' })
  @Omittable()
  @IsIn(['asc', 'desc'])
  order?: 'asc' | 'desc';
}
