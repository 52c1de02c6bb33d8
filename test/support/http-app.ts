import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { createHttpApp } from '../../src/bootstrap';
import { Clock } from '../../src/common/clock/clock';
import { AppLogger, createPinoLogger } from '../../src/common/logging/app-logger';
import { loadConfig } from '../../src/config/config';
import { Catalogue } from '../../src/common/queue/job-catalogue';
import { SandboxClient } from '../sandbox/sandbox-client';
import { walkConsent } from './consent-journey';
import type { SmtpSink } from './smtp-sink';
import { TEST_APP } from './test-sandbox';

export const PROVIDER_ADMIN = {
  email: 'admin@provider.example',
  password: 'provider-admin-password-1',
};

/** A clock tests can move forward; everything else in the app reads the real time. */
export class AdjustableClock extends Clock {
  offsetMs = 0;
  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }
}

export interface TestHttpApp {
  app: INestApplication;
  http: () => ReturnType<typeof request>;
  clock: AdjustableClock;
  /** Every log line the app wrote. */
  logs: string[];
  /** Signs in and returns the bearer token. */
  login(email: string, password: string): Promise<string>;
  close(): Promise<void>;
}

/**
 * The whole HTTP app in-process, with its own database, queue prefix, key ring and mail server,
 * pointed at a sandbox as production is pointed at Microsoft.
 */
export async function startHttpApp(
  env: Record<string, string>,
  catalogue?: Catalogue,
): Promise<TestHttpApp> {
  const logs: string[] = [];
  const sink = new Writable({
    write: (chunk, _enc, done) => (logs.push(...String(chunk).split('\n').filter(Boolean)), done()),
  });
  const config = loadConfig({
    QUEUE_PREFIX: `tc-test-${randomBytes(4).toString('hex')}`,
    PUBLIC_URL: new URL(TEST_APP.redirectUri).origin,
    MICROSOFT_CLIENT_ID: TEST_APP.clientId,
    MICROSOFT_CLIENT_SECRET: TEST_APP.clientSecret,
    ENCRYPTION_KEYS: `k1:${randomBytes(32).toString('base64')}`,
    BOOTSTRAP_ADMIN_EMAIL: PROVIDER_ADMIN.email,
    BOOTSTRAP_ADMIN_PASSWORD: PROVIDER_ADMIN.password,
    CONSENT_PROPAGATION_TIMEOUT_MS: '4000',
    // PBX addresses in tests are the sandbox's on this machine or names that never resolve.
    PBX_ALLOW_PRIVATE_ADDRESSES: 'true',
    ...env,
  });
  const clock = new AdjustableClock();
  const app = await createHttpApp({
    config,
    logger: new AppLogger(createPinoLogger('debug', sink)),
    clock,
    catalogue,
  });
  await app.init();
  const http = () => request(app.getHttpServer());
  return {
    app,
    http,
    clock,
    logs,
    login: async (email, password) => {
      const res = await http().post('/api/v1/auth/login').send({ email, password }).expect(200);
      return res.body.accessToken as string;
    },
    close: () => app.close(),
  };
}

export function newTenantBody(adminEmail: string, name = 'Contoso Ltd') {
  return {
    name,
    connectorSeats: 50,
    pbx: {
      accountId: 'acct-contoso',
      apiUrl: 'https://pbx.example.com',
      clientId: 'pbx-client',
      clientSecret: 'pbx-secret-never-logged-9a7e',
    },
    admin: { firstName: 'Ada', lastName: 'Admin', email: adminEmail },
  };
}

/** The invitation token from the e-mail's link (it travels in the URL fragment). */
export function invitationToken(text: string): string {
  const match = /\/invitations\/accept#token=([\w-]+)/.exec(text);
  if (!match) throw new Error(`no invitation link in: ${text}`);
  return match[1];
}

/** Accepts the invitation mailed to `email`, choosing `password`, and signs in: the bearer header. */
export async function acceptInvitation(
  t: TestHttpApp,
  smtp: Pick<SmtpSink, 'next'>,
  email: string,
  password: string,
): Promise<{ authorization: string }> {
  const token = invitationToken((await smtp.next(email)).text ?? '');
  await t.http().post(`/api/v1/invitations/${token}/accept`).send({ password }).expect(200);
  return { authorization: `Bearer ${await t.login(email, password)}` };
}

/** Creates, over HTTP as a provider admin, a tenant whose PBX account lives in the sandbox. */
export async function createSandboxTenant(
  t: TestHttpApp,
  auth: { authorization: string },
  spec: {
    name: string;
    connectorSeats: number;
    sandboxOrigin: string;
    pbxAccountId: string;
    pbxClientId: string;
    pbxClientSecret: string;
    adminEmail: string;
  },
): Promise<string> {
  const body = {
    name: spec.name,
    connectorSeats: spec.connectorSeats,
    pbx: {
      accountId: spec.pbxAccountId,
      apiUrl: `${spec.sandboxOrigin}/pbx`,
      clientId: spec.pbxClientId,
      clientSecret: spec.pbxClientSecret,
    },
    admin: { firstName: 'A', lastName: 'B', email: spec.adminEmail },
  };
  return (await t.http().post('/api/v1/tenants').set(auth).send(body).expect(201)).body.tenant.id;
}

/** A Global Administrator signs in and grants consent through the real redirect flow. */
export async function grantConsentOverHttp(
  t: TestHttpApp,
  auth: { authorization: string },
  tenantId: string,
  sandbox: SandboxClient,
  microsoftTenantId: string,
): Promise<void> {
  const start = await t.http().post(`/api/v1/tenants/${tenantId}/consent`).set(auth).expect(200);
  await sandbox.nextSignIn({ tenantId: microsoftTenantId });
  const journey = await walkConsent(t, start.body.consentUrl);
  if (journey.status !== 200 || !journey.text.includes('Microsoft 365 is connected'))
    throw new Error(`consent failed with ${journey.status}: ${journey.text}`);
}
