import { DocumentResponse } from '../common/http/api-fields';
import {
  Body,
  Controller,
  Get,
  Header,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
} from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { Field } from '../common/http/api-fields';
import { FailurePageView } from './failure.view';
import { RunPageView, RunView } from './run.view';
import { TenantUserPageView } from './tenant-user.view';
import { Access } from '../access/access.decorator';
import { Caller, CurrentCaller } from '../access/caller';
import { FailuresService } from './failures.service';
import { PageQuery } from '../common/http/query-params';
import { FailuresQuery, StartSyncDto, UsersQuery } from './sync.dto';
import { SyncRunsService } from './sync-runs.service';

class RunRequestedView {
  @Field() runId!: string;
  @Field('false: a run was under way already, and this is that run.') created!: boolean;
}

@ApiTags('sync')
@ApiBearerAuth()
@Controller('api/v1')
export class SyncController {
  constructor(
    private readonly syncRuns: SyncRunsService,
    private readonly failures: FailuresService,
  ) {}

  @Post('tenants/:id/sync')
  @HttpCode(202)
  @Access('tenant:manage')
  @ApiOperation({ summary: 'Queue a sync run; while one is under way, answers with that run.' })
  @ApiAcceptedResponse({ type: RunRequestedView })
  async start(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: StartSyncDto,
    @CurrentCaller() caller: Caller,
  ): Promise<RunRequestedView> {
    const { runId, created } = await this.syncRuns.request(
      id,
      body.kind ?? 'full',
      'manual',
      caller.operatorId,
    );
    return { runId, created };
  }

  @Get('tenants/:id/runs')
  @Access('tenant:read')
  @ApiOperation({ summary: "The tenant's sync runs, newest first, a page at a time." })
  @ApiOkResponse({ type: RunPageView })
  runs(@Param('id', ParseUUIDPipe) id: string, @Query() query: PageQuery) {
    return this.syncRuns.list(id, query.page ?? 1, query.pageSize ?? 50);
  }

  @Get('runs/:runId')
  @Access('tenant:read')
  @ApiOperation({ summary: 'A run: state, counts, progress while applying, timings.' })
  @ApiOkResponse({ type: RunView })
  run(@Param('runId', ParseUUIDPipe) runId: string) {
    return this.syncRuns.get(runId);
  }

  @Post('runs/:runId/approve')
  @HttpCode(200)
  @Access('tenant:manage')
  @ApiOperation({ summary: 'Let a run awaiting approval apply its removals.' })
  @ApiOkResponse({ type: RunView })
  approve(@Param('runId', ParseUUIDPipe) runId: string, @CurrentCaller() caller: Caller) {
    return this.syncRuns.approve(runId, caller.operatorId);
  }

  @Post('runs/:runId/cancel')
  @HttpCode(200)
  @Access('tenant:manage')
  @ApiOperation({
    summary: 'Cancels a run: nothing more is written to Teams; what was written stays.',
  })
  @ApiOkResponse({ type: RunView })
  cancel(@Param('runId', ParseUUIDPipe) runId: string, @CurrentCaller() caller: Caller) {
    return this.syncRuns.cancel(runId, caller.operatorId);
  }

  @Get('tenants/:id/failures')
  @Access('tenant:read')
  @ApiOperation({
    summary: 'Users that could not be synced, with the reason, filterable and paged.',
  })
  @ApiOkResponse({ type: FailurePageView })
  listFailures(@Param('id', ParseUUIDPipe) id: string, @Query() query: FailuresQuery) {
    return this.failures.list(id, {
      code: query.code,
      open: query.open,
      page: query.page ?? 1,
      pageSize: query.pageSize ?? 50,
    });
  }

  @Get('tenants/:id/failures.csv')
  @Access('tenant:read')
  @Header('content-type', 'text/csv; charset=utf-8')
  @ApiOperation({ summary: 'The same failures as CSV, for a spreadsheet.' })
  @DocumentResponse('text/csv', 'One failure per line, with a header line.')
  exportFailures(@Param('id', ParseUUIDPipe) id: string, @Query() query: FailuresQuery) {
    return this.failures.exportCsv(id, { code: query.code, open: query.open });
  }

  @Post('failures/:failureId/retry')
  @HttpCode(202)
  @Access('tenant:manage')
  @ApiOperation({ summary: 'Try the failed user again now, in a run of its own.' })
  @ApiAcceptedResponse({ type: RunRequestedView })
  retry(@Param('failureId', ParseUUIDPipe) failureId: string, @CurrentCaller() caller: Caller) {
    return this.failures.retry(failureId, caller.operatorId);
  }

  @Get('tenants/:id/users')
  @Access('tenant:read')
  @ApiOperation({ summary: 'Each PBX user: Teams user, match method, number, state, last error.' })
  @ApiOkResponse({ type: TenantUserPageView })
  users(@Param('id', ParseUUIDPipe) id: string, @Query() query: UsersQuery) {
    return this.failures.users(id, query.state, query.page ?? 1, query.pageSize ?? 50);
  }
}
