import { randomBytes } from 'node:crypto';
import { createWorkerContext } from '../../src/bootstrap';
import { Clock, SystemClock } from '../../src/common/clock/clock';
import { KeyRing } from '../../src/common/crypto/key-ring';
import { AppLogger, createPinoLogger } from '../../src/common/logging/app-logger';
import { loadConfig } from '../../src/config/config';
import { TenantsRepository } from '../../src/tenants/tenants.repository';
import { newTenant } from '../../src/tenants/new-tenant';
import { TenantEntity } from '../../src/tenants/tenant.entity';
import { SandboxClient } from '../sandbox/sandbox-client';
import { isolatedDatabase } from '../support/test-database';
import type { SandboxProcess } from './sandbox-process';

export interface BenchAppOptions {
  /** The tenant's own settings over a new tenant's. */
  settings?: Partial<TenantEntity>;
  clock?: Clock;
  /** Run the queue's workers in this process, as a worker process does (default: none). */
  workers?: boolean;
}

/**
 * The service's modules (no HTTP) on a fresh database, with one tenant connected to the
 * sandbox's demo tenant, as onboarding leaves it. Started as a worker process starts them, heap
 * settings included.
 */
export async function benchApp(
  sandbox: Omit<SandboxProcess, 'stop'>,
  users: number,
  { settings = {}, clock = new SystemClock(), workers = false }: BenchAppOptions = {},
) {
  const control = new SandboxClient(sandbox.origin);
  // A database of its own: a SQLite file, or a fresh PostgreSQL database when DATABASE_URL is set.
  const db = await isolatedDatabase();
  const config = loadConfig({
    ...process.env,
    ROLE: workers ? 'worker' : 'api',
    LOG_LEVEL: 'warn',
    QUEUE_PREFIX: `tc-bench-${randomBytes(3).toString('hex')}`,
    ...db.env,
    ENCRYPTION_KEYS: `b:${randomBytes(32).toString('base64')}`,
    MICROSOFT_AUTHORITY_HOST: sandbox.origin,
    MICROSOFT_GRAPH_BASE_URL: sandbox.origin,
    MICROSOFT_CLIENT_ID: sandbox.clientId,
    MICROSOFT_CLIENT_SECRET: sandbox.clientSecret,
    PBX_ALLOW_PRIVATE_ADDRESSES: 'true',
  });
  const app = await createWorkerContext({
    config,
    clock,
    logger: new AppLogger(createPinoLogger('warn')),
  });
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
