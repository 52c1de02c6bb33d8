import { DataSource, IsNull } from 'typeorm';
import { newRun } from '../../src/sync/new-run';
import { RunsRepository } from '../../src/sync/runs.repository';
import { laneOf } from '../../src/microsoft/tenant-throttle';
import { SyncRunner } from '../../src/sync/sync-runner';
import { FINAL_RUN_STATES } from '../../src/sync/run-state';
import { SyncRunsService } from '../../src/sync/sync-runs.service';
import { SyncFailureEntity, SyncRunEntity } from '../../src/sync/sync.entities';
import { DEMO } from '../sandbox/demo-seed';
import { benchApp } from './bench-app';
import type { SandboxProcess } from './sandbox-process';

export interface ApplySample {
  planSeconds: number;
  applySeconds: number;
  applied: number;
  /** Requests Graph served while applying (not refused with 429), per throttle lane. */
  requests: { directory: number; teamsRead: number; teamsWrite: number };
  throttled429: number;
  graphRequestsPerUser: number;
  failuresFromThrottling: number;
  failures: number;
  /** From asking for the run to seeing it finished, through the queue. */
  incrementalSeconds: number;
  incrementalSteps: {
    queuedSeconds: number;
    planSeconds: number;
    applySeconds: number;
    /** From the first number operation Teams was asked for to the last poll that found one done. */
    teamsOperationsSeconds: number;
  };
  incrementalApplied: number;
  peakRssMb: number;
}

const THROTTLE_WINDOW_MS = 10_000;
const CHANGED_USERS = 10;

/**
 * A full run applied in Teams (plan, then apply, as the `sync.run` job does it), then an
 * incremental run after 10 PBX users changed, asked for through the queue, on a fresh database
 * and tenant.
 */
export async function applyRun(
  sandbox: Omit<SandboxProcess, 'stop'>,
  users: number,
): Promise<ApplySample> {
  const { app, tenant, control, close } = await benchApp(sandbox, users, {
    settings: { voiceRoutingPolicy: DEMO.voiceRoutingPolicy },
    workers: true,
  });
  try {
    const runs = app.get(RunsRepository);
    const runner = app.get(SyncRunner);
    // The full run as the `sync.run` job runs it, in this process without the queue.
    const full = newRun({ tenantId: tenant.id, kind: 'full', trigger: 'manual' }, new Date());
    await runs.insertActive(full);
    await runner.handle({ tenantId: tenant.id, runId: full.id });
    const run = await runs.require(full.id);
    if (run.state !== 'succeeded' && run.state !== 'partially_failed')
      throw new Error(`the full run ended ${run.state}: ${run.errorMessage}`);
    const applyFrom = run.plannedAt!.toISOString();
    const applyTo = run.finishedAt!.toISOString();
    const log = (await control.requests()).filter(
      (r) => r.path.startsWith('/v1.0/') && r.at >= applyFrom && r.at <= applyTo,
    );
    const charged = log.filter((r) => r.status !== 429 && r.path !== '/v1.0/$batch');
    const failures = await app
      .get(DataSource)
      .getRepository(SyncFailureEntity)
      .findBy({ tenantId: tenant.id, resolvedAt: IsNull() });

    // The schedule's first incremental run after the full run: it reads again the users changed
    // in the minute before the full run's read (the margin for clock skew), here all of them,
    // as they were just seeded. Steady state comes after it.
    const service = app.get(SyncRunsService);
    await finished(runs, (await service.request(tenant.id, 'incremental', 'manual', null)).runId);
    // Ten users change in the PBX; the next scheduled run would start minutes later, so the
    // throttle window of the full run is over by then.
    const synced = await syncedUsers(app);
    for (const [i, user] of synced.slice(0, CHANGED_USERS).entries())
      await control.updatePbxUser(sandbox.pbxAccountId, user, {
        directNumber: `+1206555${String(i).padStart(4, '0')}`,
      });
    await new Promise((resolve) => setTimeout(resolve, THROTTLE_WINDOW_MS));
    // As an admin asks for it: queued in Redis, taken by this process's worker, planned, applied.
    const requested = performance.now();
    const { runId } = await service.request(tenant.id, 'incremental', 'manual', null);
    const incremental = await finished(runs, runId);
    const incrementalMs = performance.now() - requested;
    const duringIncremental = (await control.requests()).filter(
      (r) =>
        r.at >= incremental.startedAt!.toISOString() &&
        r.at <= incremental.finishedAt!.toISOString(),
    );

    return {
      planSeconds: (run.plannedAt!.getTime() - run.startedAt!.getTime()) / 1000,
      applySeconds: (run.finishedAt!.getTime() - run.plannedAt!.getTime()) / 1000,
      applied: run.counts.succeeded,
      requests: {
        directory: charged.filter((r) => laneOf(r.method, r.path) === 'directory').length,
        teamsRead: charged.filter((r) => laneOf(r.method, r.path) === 'teamsRead').length,
        teamsWrite: charged.filter((r) => laneOf(r.method, r.path) === 'teamsWrite').length,
      },
      throttled429: log.filter((r) => r.status === 429).length,
      graphRequestsPerUser:
        Math.round((charged.length / Math.max(1, run.counts.succeeded)) * 100) / 100,
      failuresFromThrottling: failures.filter((f) => f.code === 'THROTTLED').length,
      failures: failures.length,
      incrementalSeconds: Math.round(incrementalMs) / 1000,
      incrementalSteps: {
        queuedSeconds: secondsBetween(incremental.createdAt, incremental.startedAt),
        planSeconds: secondsBetween(incremental.startedAt, incremental.plannedAt),
        applySeconds: secondsBetween(incremental.plannedAt, incremental.finishedAt),
        teamsOperationsSeconds: operationsTime(duringIncremental),
      },
      incrementalApplied: incremental.counts.succeeded,
      peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    };
  } finally {
    await close();
  }
}

// Far past what 10 changes take: a run still going then is stuck, and the bench says so.
const RUN_DEADLINE_MS = 5 * 60_000;

/** The run once it has ended, looked at every 10 ms. */
async function finished(runs: RunsRepository, runId: string): Promise<SyncRunEntity> {
  const deadline = performance.now() + RUN_DEADLINE_MS;
  for (;;) {
    const run = await runs.require(runId);
    if (FINAL_RUN_STATES.includes(run.state)) return run;
    if (performance.now() > deadline)
      throw new Error(`the incremental run is still ${run.state} after 5 minutes`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** From the first number operation started to the last operation poll, in these requests. */
function operationsTime(log: { method: string; path: string; at: string }[]): number {
  const started = log.filter((r) => /\/numberAssignments\/(un)?assignNumber$/.test(r.path));
  const polls = log.filter((r) => r.method === 'GET' && r.path.includes('/operations'));
  if (started.length === 0 || polls.length === 0) return 0;
  return (Date.parse(polls.at(-1)!.at) - Date.parse(started[0].at)) / 1000;
}

function secondsBetween(from: Date | null, to: Date | null): number {
  return from && to ? (to.getTime() - from.getTime()) / 1000 : NaN;
}

async function syncedUsers(app: Awaited<ReturnType<typeof benchApp>>['app']): Promise<string[]> {
  const rows: { pbx_user_id: string }[] = await app
    .get(DataSource)
    .createQueryBuilder()
    .select('l.pbx_user_id', 'pbx_user_id')
    .from('synced_links', 'l')
    .orderBy('l.pbx_user_id')
    .getRawMany();
  return rows.map((r) => r.pbx_user_id);
}
