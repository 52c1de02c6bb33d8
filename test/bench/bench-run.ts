import { randomBytes } from 'node:crypto';
import { NestFactory } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { AppModule } from '../../src/app.module';
import { KeyRing } from '../../src/common/crypto/key-ring';
import { AppLogger, createPinoLogger } from '../../src/common/logging/app-logger';
import { loadConfig } from '../../src/config/config';
import { DirectorySnapshots } from '../../src/snapshots/directory-snapshots';
import { TeamsSettingsEntity, TeamsUserEntity } from '../../src/snapshots/snapshot.entities';
import { buildPlan, summarisePlan } from '../../src/matching/engine/plan';
import { TenantsRepository } from '../../src/tenants/tenants.repository';
import { newTenant } from '../../src/tenants/new-tenant';
import { TenantEntity } from '../../src/tenants/tenant.entity';
import { SandboxClient } from '../sandbox/sandbox-client';
import { isolatedDatabase } from '../support/test-database';
import type { SandboxProcess } from './sandbox-process';

export interface RunSample {
  readPbx: number;
  readMicrosoft: number;
  plan: number;
  graphRequests: number;
  graphMinimum: number;
  throttled: number;
  newMatches: number;
  peakRssMb: number;
}

const GRAPH_PAGE = 999;

async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const result = await fn();
  return [result, performance.now() - started];
}

/**
 * One measured run in a process of its own, on a fresh database and tenant: read the PBX, read
 * Microsoft 365, match and plan. Its peak RSS is the service's for exactly that work.
 */
export async function benchRun(
  sandbox: Omit<SandboxProcess, 'stop'>,
  users: number,
): Promise<RunSample> {
  const { app, tenant, control, close } = await benchApp(sandbox, users);
  try {
    const snapshots = app.get(DirectorySnapshots);
    const dataSource = app.get(DataSource);
    const tenantId = tenant.id;
    await control.clearRequests();
    const [, readPbx] = await timed(() => snapshots.readPbx(tenant));
    const [, readMicrosoft] = await timed(() => snapshots.readMicrosoft(tenant));
    const [summary, plan] = await timed(async () => {
      const input = await snapshots.planInput(tenant, [], null);
      return summarisePlan(buildPlan(input), tenant.connectorSeats, input.syncedLinks.length);
    });
    const peakRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
    const log = await control.requests();
    const usersRead = await dataSource.getRepository(TeamsUserEntity).countBy({ tenantId });
    const settingsRead = await dataSource.getRepository(TeamsSettingsEntity).countBy({ tenantId });
    return {
      readPbx,
      readMicrosoft,
      plan,
      peakRssMb,
      newMatches: summary.newMatchesToSync,
      graphRequests: log.filter((r) => r.path.startsWith('/v1.0/')).length,
      // The least a full read can cost: a delta link, then full pages of users and of Teams settings.
      graphMinimum: 1 + Math.ceil(usersRead / GRAPH_PAGE) + Math.ceil(settingsRead / GRAPH_PAGE),
      throttled: log.filter((r) => r.status === 429).length,
    };
  } finally {
    await close();
  }
}

/**
 * The service's modules (no HTTP, no queue workers) on a fresh database, with one tenant
 * connected to the sandbox's demo tenant, as onboarding leaves it.
 */
export async function benchApp(
  sandbox: Omit<SandboxProcess, 'stop'>,
  users: number,
  settings: Partial<TenantEntity> = {},
) {
  const control = new SandboxClient(sandbox.origin);
  // A database of its own: a SQLite file, or a fresh PostgreSQL database when DATABASE_URL is set.
  const db = await isolatedDatabase();
  const config = loadConfig({
    ...process.env,
    ROLE: 'api',
    LOG_LEVEL: 'warn',
    QUEUE_PREFIX: `tc-bench-${randomBytes(3).toString('hex')}`,
    ...db.env,
    ENCRYPTION_KEYS: `b:${randomBytes(32).toString('base64')}`,
    MICROSOFT_AUTHORITY_HOST: sandbox.origin,
    MICROSOFT_GRAPH_BASE_URL: sandbox.origin,
    MICROSOFT_CLIENT_ID: sandbox.clientId,
    MICROSOFT_CLIENT_SECRET: sandbox.clientSecret,
  });
  const app = await NestFactory.createApplicationContext(
    AppModule.forRoot({ config, logger: new AppLogger(createPinoLogger('warn')) }),
    { logger: false },
  );
  const tenants = app.get(TenantsRepository);
  const fields = {
    name: 'Bench',
    connectorSeats: users,
    pbxAccountId: sandbox.pbxAccountId,
    pbxApiUrl: `${sandbox.origin}/pbx`,
    pbxClientId: sandbox.pbxClientId,
    pbxClientSecretEncrypted: app.get(KeyRing).encrypt(sandbox.pbxClientSecret),
  };
  const tenant = await insertConnectedTenant(
    tenants,
    { ...newTenant(fields, new Date()), ...settings },
    sandbox.tenantId,
  );
  return {
    app,
    tenant,
    control,
    close: async () => {
      await app.close();
      await db.drop();
    },
  };
}

/** A tenant whose Global Administrator has consented, as onboarding leaves it. */
async function insertConnectedTenant(
  tenants: TenantsRepository,
  tenant: TenantEntity,
  microsoftTenantId: string,
): Promise<TenantEntity> {
  const connected: TenantEntity = {
    ...tenant,
    microsoftTenantId,
    consentState: 'granted',
    consentUpdatedAt: tenant.createdAt,
  };
  await tenants.insert(connected);
  return connected;
}
