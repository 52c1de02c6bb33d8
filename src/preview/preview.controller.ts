import { Controller, Get, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { Access } from '../access/access.decorator';
import { PREVIEW_CHANGES, PreviewService } from './preview.service';
import { PreviewUsers } from './preview-users';

class PreviewQuery {
  @ApiPropertyOptional({
    description: 'Use stored directory reads younger than this; 0 reads both now.',
    default: 15,
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(1440)
  maxAgeMinutes?: number;
}

class PreviewUsersQuery {
  @ApiPropertyOptional({ enum: PREVIEW_CHANGES })
  @IsOptional()
  @IsIn(PREVIEW_CHANGES)
  change?: string;
  @ApiPropertyOptional({ default: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  page?: number;
  @ApiPropertyOptional({ default: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  pageSize?: number;
}

@ApiTags('sync')
@ApiBearerAuth()
@Controller('api/v1/tenants/:id/sync/preview')
export class PreviewController {
  constructor(
    private readonly previews: PreviewService,
    private readonly previewUsers: PreviewUsers,
  ) {}

  @Get()
  @Access('tenant:read')
  @ApiOperation({
    summary:
      'What a sync would do: the five figures, blocked users, conflicts and Microsoft licences.',
  })
  preview(@Param('id', ParseUUIDPipe) id: string, @Query() query: PreviewQuery) {
    return this.previews.preview(id, query.maxAgeMinutes ?? 15);
  }

  @Get('users')
  @Access('tenant:read')
  @ApiOperation({
    summary: 'The users behind each figure of the latest preview, with reasons, paged.',
  })
  users(@Param('id', ParseUUIDPipe) id: string, @Query() query: PreviewUsersQuery) {
    return this.previewUsers.page(id, query.change, query.page ?? 1, query.pageSize ?? 100);
  }
}
