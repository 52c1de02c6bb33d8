import { Controller, Delete, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiOkResponse,
  ApiOperation,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, Max, Min } from 'class-validator';
import { Access } from '../access/access.decorator';
import { Caller, CurrentCaller } from '../access/caller';
import { NullableField, ObjectField } from '../common/http/api-fields';
import { Omittable } from '../common/http/omittable';
import { TenantView, tenantView } from '../tenants/tenant.view';
import { TEAMS_ON_DELETE, TeamsOnDelete, TenantRemoval } from './tenant-removal';

class DeleteTenantQuery {
  @ApiPropertyOptional({
    enum: TEAMS_ON_DELETE,
    default: 'leave',
    description:
      'leave: Teams stays as it is. release: a run releases every number (and voice routing policy) the connector assigned, then the Microsoft 365 link is released.',
  })
  @Omittable()
  @IsIn(TEAMS_ON_DELETE)
  teams?: TeamsOnDelete;
  @ApiPropertyOptional({
    description:
      'With teams=release, the number of users whose numbers go, when it is above the removal threshold (REMOVALS_NOT_CONFIRMED says it).',
  })
  @Omittable()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(10_000_000)
  confirmRemovals?: number;
}

class TenantDeletedView {
  @ObjectField(() => TenantView) tenant!: TenantView;
  @NullableField(String, 'The run releasing the numbers, with teams=release.') releaseRunId!:
    string | null;
}

@ApiTags('tenants')
@ApiBearerAuth()
@Controller('api/v1/tenants')
export class TenantRemovalController {
  constructor(private readonly removal: TenantRemoval) {}

  @Delete(':id')
  @Access('provider_admin')
  @ApiOperation({
    summary:
      'Delete a tenant: schedules stop, runs are refused, its Microsoft 365 link is released, and Teams is left as it is or its numbers released. Restorable for 30 days, then purged.',
  })
  @ApiOkResponse({ type: TenantDeletedView })
  async delete(
    @Param('id', ParseUUIDPipe) id: string,
    @Query() query: DeleteTenantQuery,
    @CurrentCaller() caller: Caller,
  ): Promise<TenantDeletedView> {
    const { tenant, releaseRunId } = await this.removal.delete(
      id,
      query.teams ?? 'leave',
      query.confirmRemovals,
      caller.operatorId,
    );
    return { tenant: tenantView(tenant), releaseRunId };
  }
}
