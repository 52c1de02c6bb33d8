import { Injectable } from '@nestjs/common';
import { Clock } from '../common/clock/clock';
import { PreviewsRepository } from '../preview/previews.repository';
import { SnapshotsRepository } from '../snapshots/snapshots.repository';
import { FailuresRepository } from '../sync/failures.repository';
import { RunsRepository } from '../sync/runs.repository';
import { SyncRunEntity } from '../sync/sync.entities';
import { USER_STATES } from '../sync/sync.dto';
import { SyncSchedules } from '../sync/sync-schedules';
import { TenantUsersRepository } from '../sync/tenant-users.repository';
import { TenantsRepository } from '../tenants/tenants.repository';
import { restorableUntil } from '../tenants/tenant-deletion';
import { consentView } from '../tenants/tenant.view';
import { FAILED_RUNS_FOR_RED, registrationIndicator } from './registration-indicator';
import { MicrosoftLicenceView, RunSummaryView, TenantStatusView } from './status.responses';

const PBX_FAILURES = ['PBX_CREDENTIALS_INVALID', 'PBX_UNAVAILABLE', 'PBX_REJECTED'];

const runView = (r: SyncRunEntity | null | undefined): RunSummaryView | null =>
  r
    ? {
        id: r.id,
        kind: r.kind,
        trigger: r.trigger,
        state: r.state,
        errorCode: r.errorCode,
        createdAt: r.createdAt,
        finishedAt: r.finishedAt,
      }
    : null;

/**
 * One tenant at a glance: the registration indicator with its reason, consent, the last and next
 * sync, licences, users by state, open failures and whether the PBX answered.
 */
@Injectable()
export class TenantStatus {
  constructor(
    private readonly tenants: TenantsRepository,
    private readonly runs: RunsRepository,
    private readonly failures: FailuresRepository,
    private readonly users: TenantUsersRepository,
    private readonly snapshots: SnapshotsRepository,
    private readonly previews: PreviewsRepository,
    private readonly schedules: SyncSchedules,
    private readonly clock: Clock,
  ) {}

  async of(tenantId: string): Promise<TenantStatusView> {
    const tenant = await this.tenants.require(tenantId);
    const [finished, succeeded, active, openByCode, byState, read, preview] = await Promise.all([
      this.runs.latestFinished(tenantId, FAILED_RUNS_FOR_RED),
      this.runs.lastSucceeded(tenantId),
      this.runs.active(tenantId),
      this.failures.openByCode(tenantId),
      this.users.countByState(tenantId),
      this.snapshots.state(tenantId),
      this.previews.latest(tenantId),
    ]);
    const nextSync =
      tenant.syncEnabled && tenant.consentState === 'granted'
        ? await this.schedules.nextRun(tenantId)
        : null;
    const openFailures = openByCode.reduce((n, f) => n + f.count, 0);
    const readTimes = [read?.pbxReadAt, read?.microsoftReadAt];
    const oldestReadAt = readTimes.every(Boolean)
      ? new Date(Math.min(...readTimes.map((d) => d!.getTime())))
      : null;
    const synced = byState.synced ?? 0;
    // The PBX is down while the latest run ended on a PBX failure.
    const latest = finished[0];
    const pbxDown =
      latest?.errorCode && PBX_FAILURES.includes(latest.errorCode)
        ? { code: latest.errorCode, message: latest.errorMessage }
        : null;
    return {
      tenantId,
      indicator: registrationIndicator(
        {
          restorableUntil: restorableUntil(tenant),
          consentState: tenant.consentState,
          syncEnabled: tenant.syncEnabled,
          scheduleMinutes: tenant.scheduleMinutes,
          lastThreeRunsFailed:
            finished.length === FAILED_RUNS_FOR_RED && finished.every((r) => r.state === 'failed'),
          openFailures,
          oldestReadAt,
        },
        this.clock.now(),
      ),
      consent: consentView(tenant),
      sync: {
        enabled: tenant.syncEnabled,
        scheduleMinutes: tenant.scheduleMinutes,
        running: runView(active),
        lastRun: runView(finished[0]),
        lastSuccessfulSync: succeeded?.finishedAt ?? null,
        nextSync,
      },
      licences: {
        connectorSeats: {
          total: tenant.connectorSeats,
          used: synced,
          available: Math.max(0, tenant.connectorSeats - synced),
        },
        /** Microsoft SKUs that include Teams Phone (MCOEV), as the last preview read them. */
        teamsPhone: preview
          ? {
              skus: (preview.summary.microsoftLicenses ?? []) as MicrosoftLicenceView[],
              readAt: preview.generatedAt,
            }
          : null,
      },
      users: Object.fromEntries(USER_STATES.map((s) => [s, byState[s] ?? 0])),
      failures: { open: openFailures, byCode: openByCode },
      directories: {
        pbxReadAt: read?.pbxReadAt ?? null,
        microsoftReadAt: read?.microsoftReadAt ?? null,
      },
      pbx: {
        reachable: pbxDown ? false : read?.pbxReadAt ? true : null,
        lastReadAt: read?.pbxReadAt ?? null,
        error: pbxDown,
      },
    };
  }
}
