import { randomBytes } from 'node:crypto';
import { AddressInfo } from 'node:net';
import { createHttpApp } from '../../src/bootstrap';
import { AppLogger, createPinoLogger } from '../../src/common/logging/app-logger';
import { loadConfig } from '../../src/config/config';

const ADMIN = { email: 'bench@provider.example', password: 'bench-admin-password-1' };

/** The service's configuration for a bench: its database, and the bench's provider admin. */
export function benchConfig(dbEnv: Record<string, string>) {
  return loadConfig({
    ...process.env,
    ROLE: 'api',
    LOG_LEVEL: 'warn',
    QUEUE_PREFIX: `tc-bench-${randomBytes(3).toString('hex')}`,
    ...dbEnv,
    ENCRYPTION_KEYS: `b:${Buffer.alloc(32, 7).toString('base64')}`,
    PBX_ALLOW_PRIVATE_ADDRESSES: 'true',
    BOOTSTRAP_ADMIN_EMAIL: ADMIN.email,
    BOOTSTRAP_ADMIN_PASSWORD: ADMIN.password,
  });
}

/** The service a measurement runs against, in a process of its own. */
export interface BenchService {
  origin: string;
  /** The service process's peak RSS so far, in MB. */
  peakRssMb(): Promise<number>;
}

/**
 * Runs the service in this process for a parent to measure: tells the parent its port, answers
 * with its peak RSS when asked, and stops when told to.
 */
export async function serveForBench(dbEnv: Record<string, string>): Promise<void> {
  const app = await createHttpApp({
    config: benchConfig(dbEnv),
    logger: new AppLogger(createPinoLogger('warn')),
  });
  await app.listen(0, '127.0.0.1');
  process.on('message', (message: string) => {
    if (message === 'peak') process.send!({ peakRssMb: process.resourceUsage().maxRSS / 1024 });
    if (message === 'stop') void app.close().then(() => process.exit(0));
  });
  process.send!({ port: (app.getHttpServer().address() as AddressInfo).port });
}

/** A bearer token for the bench's provider admin. */
export async function signIn(service: BenchService): Promise<string> {
  const login = await fetch(`${service.origin}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(ADMIN),
  });
  return ((await login.json()) as { accessToken: string }).accessToken;
}
