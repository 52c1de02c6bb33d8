import { Controller, Get, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiOkResponse,
  ApiOperation,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';
import { PreviewView } from './preview.view';
import { PreviewUsersPageView } from './preview-user.view';
import { Type } from 'class-transformer';
import { IsIn, IsInt, Max, Min } from 'class-validator';
import { Access } from '../access/access.decorator';
import { PREVIEW_CHANGES, PreviewService } from './preview.service';
import { PreviewUsers } from './preview-users';
import { Omittable } from '../common/http/omittable';
import { PageQuery } from '../common/http/query-params';

class PreviewQuery {
  @ApiPropertyOptional({
    description: 'Use stored directory reads younger than this; 0 reads both now.',
    default: 15,
  })
  @Omittable()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(1440)
  maxAgeMinutes?: number;
}

const FIGURES = ['newMatchesToSync', 'missingToRemove'] as const;

class PreviewUsersQuery extends PageQuery {
  @ApiPropertyOptional({ enum: PREVIEW_CHANGES })
  @Omittable()
  @IsIn(PREVIEW_CHANGES)
  change?: string;
  @ApiPropertyOptional({
    enum: FIGURES,
    description:
      'The users behind a figure: newMatchesToSync (assign), missingToRemove (synced users who no longer match, and users unmatched for want of a shared address, each with its reason)',
  })
  @Omittable()
  @IsIn(FIGURES)
  figure?: (typeof FIGURES)[number];
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
    description:
      'totalLicenses: connector seats purchased. availableLicenses: seats not used by synced users. newMatchesToSync: matched users a sync would assign. missingToRemove: users whose addresses do not match on both sides (no shared address, one claimed by two users, no PBX e-mail, or no mapping under manual matching: map them with the CSV) together with synced users who no longer match (their numbers are released). totalUsersAfterSync: synced users after the sync.',
  })
  @ApiOkResponse({ type: PreviewView })
  preview(@Param('id', ParseUUIDPipe) id: string, @Query() query: PreviewQuery) {
    return this.previews.preview(id, query.maxAgeMinutes ?? 15);
  }

  @Get('users')
  @Access('tenant:read')
  @ApiOperation({
    summary: 'The users behind each figure of the latest preview, with reasons, paged.',
  })
  @ApiOkResponse({ type: PreviewUsersPageView })
  users(@Param('id', ParseUUIDPipe) id: string, @Query() query: PreviewUsersQuery) {
    return this.previewUsers.page(
      id,
      { change: query.change, figure: query.figure },
      query.page ?? 1,
      query.pageSize ?? 50,
    );
  }
}
