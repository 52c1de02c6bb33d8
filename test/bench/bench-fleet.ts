import { randomUUID } from 'node:crypto';
import { NestFactory } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { AppModule } from '../../src/app.module';
import { AppLogger, createPinoLogger } from '../../src/common/logging/app-logger';
import { insertInChunks } from '../../src/database/chunks';
import { DirectoryStateEntity } from '../../src/snapshots/snapshot.entities';
import { emptyCounts } from '../../src/sync/runs.repository';
import { SyncFailureEntity, SyncRunEntity, TenantUserEntity } from '../../src/sync/sync.entities';
import { RunState } from '../../src/sync/run-state';
import { newTenant } from '../../src/tenants/new-tenant';
import { TenantEntity } from '../../src/tenants/tenant.entity';
import { benchConfig, BenchService, signIn } from './bench-service';

export interface FleetSample {
  tenants: number;
  requests: number;
  p50Ms: number;
  p95Ms: number;
  attentionP95Ms: number;
}

const USERS_PER_TENANT = 50;
const RUNS_PER_TENANT = 12;
const HOUR = 3_600_000;

/**
 * `tenants` tenants as a provider's fleet looks after weeks: synced users, a run history, some
 * open failures, some tenants waiting for consent and some failing every run.
 */
export async function seedFleet(dbEnv: Record<string, string>, tenants: number): Promise<void> {
  const app = await NestFactory.createApplicationContext(
    AppModule.forRoot({
      config: benchConfig(dbEnv),
      logger: new AppLogger(createPinoLogger('warn')),
    }),
    { logger: false },
  );
  try {
    const manager = app.get(DataSource).manager;
    const now = Date.now();
    const rows = Array.from({ length: tenants }, (_, i) => ({
      ...newTenant(
        {
          name: `Customer ${String(i).padStart(5, '0')}`,
          connectorSeats: 100,
          pbxAccountId: `acct-${i}`,
          pbxApiUrl: 'https://pbx.example',
          pbxClientId: 'client',
          pbxClientSecretEncrypted: '',
        },
        new Date(now),
      ),
      consentState: i % 10 === 0 ? ('none' as const) : ('granted' as const),
      syncEnabled: i % 10 !== 0,
    }));
    await insertInChunks(manager, TenantEntity, rows);
    await insertInChunks(
      manager,
      DirectoryStateEntity,
      rows.map((t, i) => ({
        tenantId: t.id,
        pbxReadAt: new Date(now - (i % 7) * HOUR),
        microsoftReadAt: new Date(now - (i % 5) * HOUR),
        deltaLinkEncrypted: null,
      })),
    );
    for (const [i, tenant] of rows.entries()) {
      const failing = i % 25 === 0;
      const runs: SyncRunEntity[] = Array.from({ length: RUNS_PER_TENANT }, (_, k) => {
        const at = new Date(now - k * HOUR);
        const state: RunState = failing || k % 9 === 4 ? 'failed' : 'succeeded';
        return {
          id: randomUUID(),
          tenantId: tenant.id,
          kind: 'incremental',
          trigger: 'schedule',
          state,
          requestedBy: null,
          scope: null,
          policyId: null,
          counts: emptyCounts(),
          totalItems: 0,
          doneItems: 0,
          errorCode: state === 'failed' ? 'PBX_UNAVAILABLE' : null,
          errorMessage: null,
          decidedBy: null,
          attempts: 1,
          leaseId: null,
          createdAt: at,
          startedAt: at,
          plannedAt: at,
          finishedAt: at,
          heartbeatAt: at,
        };
      });
      await insertInChunks(manager, SyncRunEntity, runs);
      const users: TenantUserEntity[] = Array.from({ length: USERS_PER_TENANT }, (_, k) => ({
        tenantId: tenant.id,
        pbxUserId: `p${k}`,
        teamsUserId: randomUUID(),
        method: 'automatic',
        number: `+1425${String(k).padStart(7, '0')}`,
        state: k % 17 === 0 ? 'failed' : 'synced',
        reason: null,
        runId: runs[0].id,
        updatedAt: new Date(now),
      }));
      await insertInChunks(manager, TenantUserEntity, users);
      const failures: SyncFailureEntity[] = users
        .filter((u) => u.state === 'failed' && i % 5 === 0)
        .map((u) => ({
          id: randomUUID(),
          tenantId: tenant.id,
          runId: runs[0].id,
          pbxUserId: u.pbxUserId,
          teamsUserId: u.teamsUserId!,
          change: 'assign',
          number: u.number!,
          code: 'OPERATION_FAILED',
          message: 'Number is being ported.',
          action: 'Retry once the port completes.',
          retryable: false,
          nextRetryAt: null,
          attempts: 1,
          createdAt: new Date(now),
          updatedAt: new Date(now),
          resolvedAt: null,
        }));
      await insertInChunks(manager, SyncFailureEntity, failures);
    }
    // Statistics, as PostgreSQL's autovacuum would have gathered them on a fleet this old.
    await manager.query('ANALYZE');
  } finally {
    await app.close();
  }
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

/** `requests` fleet pages one after another, as a provider admin, after a warm-up. */
export async function measureFleet(
  service: BenchService,
  tenants: number,
  requests: number,
): Promise<FleetSample> {
  const token = await signIn(service);
  const time = async (query: string) => {
    const started = performance.now();
    const res = await fetch(`${service.origin}/api/v1/fleet${query}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const body = (await res.json()) as { total: number };
    if (res.status !== 200) throw new Error(`the fleet answered ${res.status}`);
    return { ms: performance.now() - started, total: body.total };
  };
  for (let i = 0; i < 20; i++) await time('?sort=health');
  const all: number[] = [];
  const attention: number[] = [];
  for (let i = 0; i < requests; i++) {
    const page = await time(`?sort=health&page=${1 + (i % 5)}`);
    if (page.total !== tenants) throw new Error(`the fleet listed ${page.total} tenants`);
    all.push(page.ms);
    attention.push((await time('?needsAttention=true&sort=openFailures')).ms);
  }
  all.sort((a, b) => a - b);
  attention.sort((a, b) => a - b);
  const round = (ms: number) => Math.round(ms * 10) / 10;
  return {
    tenants,
    requests,
    p50Ms: round(percentile(all, 50)),
    p95Ms: round(percentile(all, 95)),
    attentionP95Ms: round(percentile(attention, 95)),
  };
}
