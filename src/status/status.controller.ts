import { Controller, Get, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access } from '../access/access.decorator';
import { Caller, CurrentCaller } from '../access/caller';
import { FleetQuery } from './fleet.dto';
import { FleetService } from './fleet.service';
import { FleetPageView, TenantStatusView } from './status.responses';
import { TenantStatus } from './tenant-status.service';

@ApiTags('status')
@ApiBearerAuth()
@Controller('api/v1')
export class StatusController {
  constructor(
    private readonly status: TenantStatus,
    private readonly fleet: FleetService,
  ) {}

  @Get('fleet')
  @Access('authenticated')
  @ApiOperation({
    summary: 'Every tenant the caller may see, each with its registration indicator, paged.',
    description:
      'counts: tenants by colour before filtering. Filter with health= or needsAttention=true (amber and red); sort by name, health (red first), freshness (oldest read first), openFailures or seatsUsed (most first); order=desc turns it round.',
  })
  @ApiOkResponse({ type: FleetPageView })
  list(@CurrentCaller() caller: Caller, @Query() query: FleetQuery) {
    return this.fleet.list(caller, query);
  }

  @Get('tenants/:id/status')
  @Access('tenant:read')
  @ApiOperation({
    summary: 'One tenant at a glance: the registration indicator and what it is made of.',
    description:
      'indicator: green, amber or red with a reason code and a sentence. Red: consent revoked (CONSENT_REVOKED) or the last three runs failed (RUNS_FAILING). Amber: consent not granted yet (CONSENT_PENDING), sync off (SYNC_DISABLED), open failures (OPEN_FAILURES), or directories read longer ago than twice the schedule (DATA_STALE). Green: IN_SYNC. Also consent and who granted it, the last, running and next sync, connector seats and Teams Phone (MCOEV) licences, users by state, open failures by code, and whether the PBX answered.',
  })
  @ApiOkResponse({ type: TenantStatusView })
  of(@Param('id', ParseUUIDPipe) id: string) {
    return this.status.of(id);
  }
}
