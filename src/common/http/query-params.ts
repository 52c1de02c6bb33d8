import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';
import { Omittable } from './omittable';

/** Past any list's end, yet small enough that page × pageSize stays an exact integer offset. */
export const MAX_PAGE = 1_000_000;

/** `?page=&pageSize=` as every paged list takes them: from 1, at most 1,000 a page. */
export class PageQuery {
  @ApiPropertyOptional({ default: 1 })
  @Omittable()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE)
  page?: number;
  @ApiPropertyOptional({ default: 50 })
  @Omittable()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  pageSize?: number;
}

/** A query flag: `true` and `false` become booleans, anything else stays for @IsBoolean to refuse. */
export const queryBoolean = ({ value }: { value: unknown }) =>
  value === 'true' ? true : value === 'false' ? false : value;
