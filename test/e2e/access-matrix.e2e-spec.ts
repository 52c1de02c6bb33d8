import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { DiscoveryService, MetadataScanner } from '@nestjs/core';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { newRun } from '../../src/sync/new-run';
import { SyncFailureEntity, SyncRunEntity } from '../../src/sync/sync.entities';
import { ACCESS_METADATA, AccessPolicy } from '../../src/access/access.decorator';
import {
  invitationToken,
  newTenantBody,
  PROVIDER_ADMIN,
  startHttpApp,
  TestHttpApp,
} from '../support/http-app';
import { startSmtpSink, SmtpSink } from '../support/smtp-sink';
import { isolatedDatabase, IsolatedDatabase } from '../support/test-database';

interface Route {
  method: string;
  path: string;
  policy: AccessPolicy | undefined;
}

type CallerName = 'anonymous' | 'providerAdmin' | 'tenantAdmin' | 'member' | 'otherTenantAdmin';

/** Every route the app serves, read from Nest's own metadata. */
function enumerateRoutes(t: TestHttpApp): Route[] {
  const discovery = t.app.get(DiscoveryService);
  const scanner = t.app.get(MetadataScanner);
  const routes: Route[] = [];
  for (const wrapper of discovery.getControllers()) {
    const controller = wrapper.metatype as (new () => unknown) | undefined;
    if (!controller) continue;
    const base = String(Reflect.getMetadata(PATH_METADATA, controller) ?? '');
    for (const name of scanner.getAllMethodNames(controller.prototype)) {
      const handler = (controller.prototype as Record<string, object>)[name];
      const sub = Reflect.getMetadata(PATH_METADATA, handler) as string | undefined;
      if (sub === undefined) continue;
      const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as number];
      const path = `/${[base, sub].filter((p) => p && p !== '/').join('/')}`.replace(/\/+/g, '/');
      const policy = (Reflect.getMetadata(ACCESS_METADATA, handler) ??
        Reflect.getMetadata(ACCESS_METADATA, controller)) as AccessPolicy | undefined;
      routes.push({ method, path, policy });
    }
  }
  return routes;
}

/** What each kind of caller must get: 'allowed' means anything but 401, 403 and a hidden tenant. */
function expected(policy: AccessPolicy, caller: CallerName): 'allowed' | 401 | 403 | 404 {
  if (policy === 'public') return 'allowed';
  if (caller === 'anonymous') return 401;
  switch (policy) {
    case 'authenticated':
      return 'allowed';
    case 'provider_admin':
      return caller === 'providerAdmin' ? 'allowed' : 403;
    case 'tenant:read':
      return caller === 'otherTenantAdmin' ? 404 : 'allowed';
    case 'tenant:manage':
      return caller === 'otherTenantAdmin' ? 404 : caller === 'member' ? 403 : 'allowed';
  }
}

const RUN_ID = '00000000-0000-4000-8000-0000000000a1';
const FAILURE_ID = '00000000-0000-4000-8000-0000000000f1';
const HIDING_CODES = ['TENANT_NOT_FOUND', 'RUN_NOT_FOUND', 'FAILURE_NOT_FOUND'];

describe('access matrix: every route, every role, assigned tenant or not', () => {
  let t: TestHttpApp;
  let smtp: SmtpSink;
  let db: IsolatedDatabase;
  let tenantA: string;
  let subjectOperator: string;
  const passwords = new Map<CallerName, { email: string; password: string }>();

  beforeAll(async () => {
    [smtp, db] = await Promise.all([startSmtpSink(), isolatedDatabase()]);
    t = await startHttpApp({
      ...db.env,
      SMTP_URL: smtp.url,
      MAIL_OUTBOX_DIR: mkdtempSync(join(tmpdir(), 'outbox-')),
    });
    const admin = {
      authorization: `Bearer ${await t.login(PROVIDER_ADMIN.email, PROVIDER_ADMIN.password)}`,
    };
    tenantA = (
      await t
        .http()
        .post('/api/v1/tenants')
        .set(admin)
        .send(newTenantBody('ta@a.example', 'Tenant A'))
        .expect(201)
    ).body.tenant.id;
    const tenantB = (
      await t
        .http()
        .post('/api/v1/tenants')
        .set(admin)
        .send(newTenantBody('tb@b.example', 'Tenant B'))
        .expect(201)
    ).body.tenant.id;
    await t
      .http()
      .post('/api/v1/operators')
      .set(admin)
      .send({
        email: 'member@a.example',
        firstName: 'Mo',
        lastName: 'Member',
        role: 'member',
        tenantIds: [tenantA],
      })
      .expect(201);
    // The operator that operator routes act on (PATCH and DELETE on it are harmless here).
    subjectOperator = (
      await t
        .http()
        .post('/api/v1/operators')
        .set(admin)
        .send({
          email: 'subject@a.example',
          firstName: 'Sam',
          lastName: 'Subject',
          role: 'member',
          tenantIds: [tenantA],
        })
        .expect(201)
    ).body.operator.id;
    expect(tenantB).not.toBe(tenantA);
    // A run and a failure of tenant A, for the routes that name one.
    const dataSource = t.app.get(DataSource);
    const now = new Date();
    await dataSource.getRepository(SyncRunEntity).insert({
      ...newRun({ tenantId: tenantA, kind: 'full', trigger: 'manual' }, now),
      id: RUN_ID,
      state: 'succeeded',
      finishedAt: now,
    });
    await dataSource.getRepository(SyncFailureEntity).insert({
      id: FAILURE_ID,
      tenantId: tenantA,
      runId: RUN_ID,
      pbxUserId: 'p1',
      teamsUserId: '00000000-0000-4000-8000-000000000001',
      change: 'assign',
      number: '+14255550100',
      code: 'OPERATION_FAILED',
      message: 'Teams reported the number assignment as failed.',
      action: 'Retry.',
      retryable: false,
      nextRetryAt: null,
      attempts: 1,
      createdAt: now,
      updatedAt: now,
      resolvedAt: null,
    });
    const people: [CallerName, string][] = [
      ['tenantAdmin', 'ta@a.example'],
      ['member', 'member@a.example'],
      ['otherTenantAdmin', 'tb@b.example'],
    ];
    for (const [caller, email] of people) {
      const password = `${caller}-password-long`;
      await t
        .http()
        .post(`/api/v1/invitations/${invitationToken((await smtp.next(email)).text ?? '')}/accept`)
        .send({ password })
        .expect(200);
      passwords.set(caller, { email, password });
    }
    passwords.set('providerAdmin', PROVIDER_ADMIN);
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.close();
    await db?.drop();
  });

  it('finds the routes, and every one of them declares who may call it', () => {
    const routes = enumerateRoutes(t);
    expect(routes.length).toBeGreaterThanOrEqual(15);
    expect(routes.filter((r) => !r.policy)).toEqual([]);
    expect(routes).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          method: 'PATCH',
          path: '/api/v1/tenants/:id/settings',
          policy: 'tenant:manage',
        }),
      ]),
    );
  });

  // Every route × five callers, each signing in afresh (a deliberately slow password hash): minutes.
  it('answers each caller as its role and tenant assignments require', async () => {
    const mismatches: string[] = [];
    for (const route of enumerateRoutes(t)) {
      for (const caller of [
        'anonymous',
        'providerAdmin',
        'tenantAdmin',
        'member',
        'otherTenantAdmin',
      ] as CallerName[]) {
        const path = route.path
          .replace(':id', tenantA)
          .replace(':operatorId', subjectOperator)
          .replace(':token', 'no-such-token')
          .replace(':mappingId', '00000000-0000-4000-8000-000000000000')
          .replace(':runId', RUN_ID)
          .replace(':failureId', FAILURE_ID);
        const credentials = passwords.get(caller);
        // A fresh session per call, so that logging out or other side effects never leak between calls.
        const headers = credentials
          ? { authorization: `Bearer ${await t.login(credentials.email, credentials.password)}` }
          : {};
        const res = await t.http()[route.method.toLowerCase() as 'get'](path).set(headers).send({});
        // A tenant deleted by an allowed call comes back, so that the next calls find it.
        if (route.method === 'DELETE' && route.path === '/api/v1/tenants/:id' && res.status === 200)
          await t.http().post(`/api/v1/tenants/${tenantA}/restore`).set(headers).expect(200);
        const want = expected(route.policy!, caller);
        // A 404 about something inside a visible tenant (no preview yet, no such mapping) is an answer,
        // not a refusal; hiding a tenant (or its run or failure) is always one of these codes.
        const hidden = res.status === 404 && HIDING_CODES.includes(res.body?.error?.code);
        const ok =
          want === 'allowed'
            ? ![401, 403].includes(res.status) && !hidden
            : want === 404
              ? hidden
              : res.status === want;
        if (!ok)
          mismatches.push(
            `${route.method} ${route.path} as ${caller}: wanted ${want}, got ${res.status}`,
          );
      }
    }
    expect(mismatches).toEqual([]);
  }, 240_000);
});
