import { Injectable } from '@nestjs/common';
import { DataSource, FindOptionsWhere, IsNull, Not } from 'typeorm';
import { DomainError } from '../common/errors/domain-error';
import { csvLine } from '../common/text/csv';
import { TenantsRepository } from '../tenants/tenants.repository';
import { FailureCode, FAILURES } from '../failures/failure-codes';
import { SyncRunsService } from './sync-runs.service';
import { SyncFailureRow, TenantUserRow, UserState } from './sync.entities';

const CSV_COLUMNS = [
  'id',
  'pbxUserId',
  'teamsUserId',
  'change',
  'number',
  'code',
  'message',
  'action',
  'open',
  'retryAt',
  'attempts',
  'updatedAt',
];

export interface FailureFilter {
  code?: string;
  open?: boolean;
  page: number;
  pageSize: number;
}

/** Failures per user, their export, retrying one by hand, and the per-user states. */
@Injectable()
export class FailuresService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly tenants: TenantsRepository,
    private readonly syncRuns: SyncRunsService,
  ) {}

  async list(tenantId: string, filter: FailureFilter) {
    const tenant = await this.tenants.require(tenantId);
    const where: FindOptionsWhere<SyncFailureRow> = { tenantId };
    if (filter.code) where.code = filter.code;
    if (filter.open !== undefined) where.resolvedAt = filter.open ? IsNull() : Not(IsNull());
    const [rows, total] = await this.dataSource.getRepository(SyncFailureRow).findAndCount({
      where,
      order: { updatedAt: 'DESC', id: 'ASC' },
      skip: (filter.page - 1) * filter.pageSize,
      take: filter.pageSize,
    });
    return {
      page: filter.page,
      pageSize: filter.pageSize,
      total,
      items: rows.map((f) => failureView(f, tenant.syncEnabled)),
    };
  }

  /** Every failure the filter selects, as CSV, read a page at a time. */
  async exportCsv(tenantId: string, filter: Omit<FailureFilter, 'page' | 'pageSize'>) {
    let csv = csvLine(CSV_COLUMNS);
    for (let page = 1; ; page++) {
      const { items } = await this.list(tenantId, { ...filter, page, pageSize: 1000 });
      for (const f of items)
        csv += csvLine([
          f.id,
          f.pbxUserId,
          f.teamsUserId,
          f.change,
          f.number,
          f.code,
          f.message,
          f.action,
          f.open,
          f.retry.at?.toISOString() ?? '',
          f.attempts,
          f.updatedAt.toISOString(),
        ]);
      if (items.length < 1000) return csv;
    }
  }

  /** Tries the user again now, in a run of its own (still one run at a time per tenant). */
  async retry(failureId: string, operatorId: string) {
    const failure = await this.require(failureId);
    if (failure.resolvedAt)
      throw new DomainError('FAILURE_RESOLVED', 'This failure is already resolved.');
    return this.syncRuns.request(failure.tenantId, 'retry', 'retry', operatorId, [
      failure.pbxUserId,
    ]);
  }

  async require(failureId: string): Promise<SyncFailureRow> {
    const failure = await this.dataSource
      .getRepository(SyncFailureRow)
      .findOneBy({ id: failureId });
    if (!failure) throw new DomainError('FAILURE_NOT_FOUND', 'No such failure.');
    return failure;
  }

  async users(tenantId: string, state: UserState | undefined, page: number, pageSize: number) {
    await this.tenants.require(tenantId);
    const [rows, total] = await this.dataSource.getRepository(TenantUserRow).findAndCount({
      where: state ? { tenantId, state } : { tenantId },
      order: { pbxUserId: 'ASC' },
      skip: (page - 1) * pageSize,
      take: pageSize,
    });
    return {
      page,
      pageSize,
      total,
      items: rows.map((u) => ({
        pbxUserId: u.pbxUserId,
        teamsUserId: u.teamsUserId,
        matchMethod: u.method,
        number: u.number,
        state: u.state,
        reason: u.reason,
        lastError:
          u.state === 'failed' && u.reason
            ? { code: u.reason, message: FAILURES[u.reason as FailureCode]?.message ?? null }
            : null,
        runId: u.runId,
        updatedAt: u.updatedAt,
      })),
    };
  }
}

function failureView(f: SyncFailureRow, scheduled: boolean) {
  return {
    id: f.id,
    tenantId: f.tenantId,
    runId: f.runId,
    pbxUserId: f.pbxUserId,
    teamsUserId: f.teamsUserId,
    change: f.change,
    number: f.number,
    code: f.code,
    message: f.message,
    action: f.action,
    open: f.resolvedAt === null,
    retry: {
      automatic: f.retryable && f.resolvedAt === null,
      // Retried by the first run after this time: the schedule's, or one started by hand.
      at: f.retryable && f.resolvedAt === null ? f.nextRetryAt : null,
      bySchedule: scheduled,
    },
    attempts: f.attempts,
    createdAt: f.createdAt,
    updatedAt: f.updatedAt,
    resolvedAt: f.resolvedAt,
  };
}
