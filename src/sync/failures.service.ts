import { Injectable } from '@nestjs/common';
import { DomainError } from '../common/errors/domain-error';
import { csvText } from '../common/csv/csv-writer';
import { People } from '../snapshots/people';
import { TenantsRepository } from '../tenants/tenants.repository';
import { FailurePageView, failureView } from './failure.view';
import { FailureFilter, FailuresRepository } from './failures.repository';
import { SyncRunsService } from './sync-runs.service';
import { UserState } from './sync.entities';
import { TenantUsersRepository } from './tenant-users.repository';
import { TenantUserPageView, tenantUserView } from './tenant-user.view';

const CSV_COLUMNS = [
  'id',
  'pbxUserId',
  'pbxUserName',
  'pbxUserEmail',
  'teamsUserId',
  'teamsUserPrincipalName',
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

/** Failures per user, their export, retrying one by hand, and the per-user states. */
@Injectable()
export class FailuresService {
  constructor(
    private readonly failures: FailuresRepository,
    private readonly tenantUsers: TenantUsersRepository,
    private readonly tenants: TenantsRepository,
    private readonly syncRuns: SyncRunsService,
    private readonly people: People,
  ) {}

  async list(tenantId: string, filter: FailureFilter): Promise<FailurePageView> {
    const tenant = await this.tenants.require(tenantId);
    const [rows, total] = await this.failures.list(tenantId, filter);
    const people = await this.people.onPage(
      tenantId,
      rows.map((f) => f.pbxUserId),
      rows.map((f) => f.teamsUserId),
    );
    return {
      page: filter.page,
      pageSize: filter.pageSize,
      total,
      items: rows.map((f) => failureView(f, tenant.syncEnabled, people)),
    };
  }

  /** Every failure the filter selects, as CSV, read a page at a time. */
  async exportCsv(tenantId: string, filter: Omit<FailureFilter, 'page' | 'pageSize'>) {
    const rows: (string | number | boolean | null)[][] = [CSV_COLUMNS];
    for (let page = 1; ; page++) {
      const { items } = await this.list(tenantId, { ...filter, page, pageSize: 1000 });
      for (const f of items)
        rows.push([
          f.id,
          f.pbxUserId,
          f.pbxUser.name,
          f.pbxUser.email,
          f.teamsUserId,
          f.teamsUser?.userPrincipalName ?? null,
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
      if (items.length < 1000) return csvText(rows);
    }
  }

  /** Tries the user again now, in a run of its own (still one run at a time per tenant). */
  async retry(failureId: string, operatorId: string) {
    const failure = await this.failures.require(failureId);
    if (failure.resolvedAt)
      throw new DomainError('FAILURE_RESOLVED', 'This failure is already resolved.');
    return this.syncRuns.request(failure.tenantId, 'retry', 'retry', operatorId, [
      failure.pbxUserId,
    ]);
  }

  async users(
    tenantId: string,
    state: UserState | undefined,
    page: number,
    pageSize: number,
  ): Promise<TenantUserPageView> {
    await this.tenants.require(tenantId);
    const [rows, total] = await this.tenantUsers.list(tenantId, state, page, pageSize);
    const people = await this.people.onPage(
      tenantId,
      rows.map((u) => u.pbxUserId),
      rows.map((u) => u.teamsUserId),
    );
    return { page, pageSize, total, items: rows.map((u) => tenantUserView(u, people)) };
  }
}
