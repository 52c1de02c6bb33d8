import { Resolver } from 'node:dns/promises';
import { REQUIRED_APP_PERMISSIONS } from '../../src/consent/required-permissions';
import { SKU_E3, standardSkus } from '../sandbox/seed/licensing';
import { PROVIDER_ADMIN } from '../support/http-app';
import { splitDeployment } from '../support/split-deployment';
import { isolatedDatabase, IsolatedDatabase } from '../support/test-database';
import { startTestSandbox, TestSandbox } from '../support/test-sandbox';
import { PowerDnsServer, startPowerDns } from '../sandbox/powerdns';
import { givenTenant, GivenTenant, startSyncWorld, SyncWorld } from '../support/sync-fixture';

const BASE = 'customers.pbx.example';
const HOUR = 3600_000;

interface OnboardingView {
  sbcDomain: string;
  dnsMode: string;
  status: string;
  steps: { key: string; state: string }[];
  dnsRecord: { name: string; type: string; value: string; publishedByConnector: boolean } | null;
  activationUser: {
    userPrincipalName: string;
    removeAt: string | null;
    removedAt: string | null;
  } | null;
  spareLicences: { skuPartNumber: string; free: number }[];
  note: string | null;
  problem: { code: string; message: string } | null;
}

/** The onboarding API of one tenant, and a wait for a state. */
function onboardingOf(world: SyncWorld, tenant: GivenTenant) {
  const path = `/api/v1/tenants/${tenant.tenantId}/direct-routing`;
  const view = async (): Promise<OnboardingView> =>
    (await world.t.http().get(path).set(world.auth).expect(200)).body;
  return {
    view,
    start: async (): Promise<OnboardingView> =>
      (await world.t.http().post(`${path}/onboarding`).set(world.auth).expect(202)).body,
    until: async (done: (v: OnboardingView) => boolean): Promise<OnboardingView> => {
      for (let i = 0; i < 300; i++) {
        const current = await view();
        if (done(current)) return current;
        await new Promise((r) => setTimeout(r, 100));
      }
      const errors = world.t.logs.filter((l) => /"level":"(warn|error)"/.test(l)).slice(-5);
      throw new Error(`onboarding is stuck: ${JSON.stringify(await view())}\n${errors.join('\n')}`);
    },
  };
}

/** Runs `then` with the app's clock moved forward, signed in again at that time. */
async function movedClock(world: SyncWorld, offsetMs: number, then: () => Promise<void>) {
  const signIn = async () =>
    (world.auth.authorization = `Bearer ${await world.t.login(PROVIDER_ADMIN.email, PROVIDER_ADMIN.password)}`);
  world.t.clock.offsetMs = offsetMs;
  try {
    await signIn();
    await then();
  } finally {
    world.t.clock.offsetMs = 0;
    await signIn();
  }
}

interface Verified {
  status: string;
  checks: { name: string; ok: boolean; message: string; feature?: string }[];
}

async function verifyConnection(world: SyncWorld, tenant: GivenTenant): Promise<Verified> {
  return (
    await world.t
      .http()
      .post(`/api/v1/tenants/${tenant.tenantId}/connection/verify`)
      .set(world.auth)
      .expect(200)
  ).body;
}

const stepStates = (v: OnboardingView) => Object.fromEntries(v.steps.map((s) => [s.key, s.state]));

/**
 * A PowerDNS server holding the SBC's zone, which the sandbox's Microsoft asks for TXT records,
 * and an app whose settings `env` of it makes.
 */
async function worldWithDns(env: (dns: PowerDnsServer) => Record<string, string>) {
  const dns = await startPowerDns();
  await dns.createZone(BASE);
  const world = await startSyncWorld({ SBC_BASE_DOMAIN: BASE, ...env(dns) });
  await world.sandbox.client.useDnsServers([dns.dnsServer]);
  return { dns, world };
}

describe('Direct Routing onboarding with PowerDNS, against the sandbox', () => {
  let dns: PowerDnsServer;
  let world: SyncWorld;

  beforeAll(async () => {
    ({ dns, world } = await worldWithDns((server) => ({
      SBC_DNS: 'powerdns',
      PDNS_API_URL: server.apiUrl,
      PDNS_API_KEY: server.apiKey,
    })));
  });
  afterAll(async () => {
    await world?.close();
    await dns?.stop();
  });

  it('goes from nothing to a verified domain, and removes its activation user after the activation period', async () => {
    const c = world.sandbox.client;
    const tenant = await givenTenant(world);
    await tenant.consent();
    const onboarding = onboardingOf(world, tenant);
    expect((await onboarding.view()).status).toBe('not_started');
    // "Verify connection" says what onboarding still needs, without failing the connection.
    const before = await verifyConnection(world, tenant);
    expect(before.status).toBe('ok');
    expect(before.checks.filter((c) => c.feature)).toEqual([
      expect.objectContaining({ name: 'permission:Domain.ReadWrite.All', ok: true }),
      expect.objectContaining({ name: 'permission:User.ReadWrite.All', ok: true }),
      expect.objectContaining({
        name: 'directRouting:domain',
        ok: false,
        message: expect.stringContaining('not in the Microsoft 365 tenant yet'),
      }),
      expect.objectContaining({
        name: 'directRouting:spareLicence',
        ok: true,
        message: expect.stringContaining('ENTERPRISEPACK (10)'),
      }),
    ]);
    const e3Before = (await c.tenant(tenant.ms)).skus.find((s) => s.skuId === SKU_E3)!;
    // Until the subdomain is verified, numbers could not be routed: the preview and a sync say so.
    const blockers = async () =>
      (
        await world.t
          .http()
          .get(`/api/v1/tenants/${tenant.tenantId}/sync/preview`)
          .set(world.auth)
          .expect(200)
      ).body.blockers.map((b: { code: string }) => b.code);
    expect(await blockers()).toEqual(['DIRECT_ROUTING_NOT_READY']);
    const refused = await world.t
      .http()
      .post(`/api/v1/tenants/${tenant.tenantId}/sync`)
      .set(world.auth)
      .send({ kind: 'full' })
      .expect(409);
    expect(refused.body.error).toMatchObject({
      code: 'DIRECT_ROUTING_NOT_READY',
      message: expect.stringContaining('is not verified in Microsoft 365 yet'),
    });

    await onboarding.start();
    const activated = await onboarding.until(
      (v) => v.activationUser !== null && v.status === 'waiting',
    );
    const domain = activated.sbcDomain;
    expect(domain).toMatch(new RegExp(`^tenant-\\d+-[0-9a-f]{8}\\.${BASE.replace(/\./g, '\\.')}$`));
    expect(stepStates(activated)).toEqual({
      licence: 'done',
      domain: 'done',
      verification: 'done',
      activation: 'done',
      cleanup: 'waiting',
      voiceRouting: 'pending',
    });
    // The TXT record is really published, and Microsoft verified the domain by it.
    const resolver = new Resolver();
    resolver.setServers([dns.dnsServer]);
    expect((await resolver.resolveTxt(domain)).map((r) => r.join(''))).toEqual([
      activated.dnsRecord!.value,
    ]);
    expect(activated.dnsRecord).toMatchObject({
      name: domain,
      type: 'TXT',
      publishedByConnector: true,
    });
    const ms = await c.tenant(tenant.ms);
    expect(ms.addedDomains).toEqual([expect.objectContaining({ id: domain, isVerified: true })]);
    expect(ms.domains).toContain(domain);
    // A licence without Phone System serves, so the users keep theirs.
    const upn = `teams-activation@${domain}`;
    expect(activated.activationUser!.userPrincipalName).toBe(upn);
    const user = await c.user(tenant.ms, upn);
    expect(user).toMatchObject({ accountEnabled: false, deleted: null });
    expect(user.assignedLicenses).toEqual([expect.objectContaining({ skuId: SKU_E3 })]);
    expect(ms.skus.find((s) => s.skuId === SKU_E3)!.consumedUnits).toBe(e3Before.consumedUnits + 1);
    expect(activated.note).toContain('holds its licence until');
    expect(await blockers()).toEqual([]);
    const after = await verifyConnection(world, tenant);
    expect(after.checks.filter((c) => c.feature).map((c) => [c.name, c.ok])).toEqual([
      ['permission:Domain.ReadWrite.All', true],
      ['permission:User.ReadWrite.All', true],
      ['directRouting:domain', true],
    ]);

    // Looking again within the activation period changes nothing.
    await onboarding.start();
    await onboarding.until((v) => v.status === 'waiting');
    expect((await c.user(tenant.ms, user.id)).deleted).toBeNull();

    await movedClock(world, 25 * HOUR, async () => {
      await onboarding.start();
      const done = await onboarding.until((v) => v.status === 'succeeded');
      expect(Object.values(stepStates(done))).toEqual(Array(6).fill('done'));
      expect(done.activationUser!.removedAt).not.toBeNull();
    });
    expect((await c.user(tenant.ms, user.id)).deleted).toBe('soft');
    expect((await c.tenant(tenant.ms)).skus.find((s) => s.skuId === SKU_E3)!.consumedUnits).toBe(
      e3Before.consumedUnits,
    );
    const created = (await c.requests({ path: '^/v1.0/users$' })).filter(
      (r) => r.method === 'POST' && r.tenantId === tenant.ms,
    );
    expect(created.map((r) => r.status)).toEqual([201]);

    const audit = await world.t
      .http()
      .get(`/api/v1/tenants/${tenant.tenantId}/audit?action=directRouting`)
      .set(world.auth)
      .expect(200);
    expect(audit.body.items.map((e: { action: string }) => e.action).reverse()).toEqual([
      'directRouting.started',
      'directRouting.domainAdded',
      'directRouting.domainVerified',
      'directRouting.activationUserCreated',
      'directRouting.activationUserRemoved',
      'directRouting.succeeded',
    ]);
  });

  it('stops with a clear blocker when no licence with Teams is free, having created nothing', async () => {
    const c = world.sandbox.client;
    const tenant = await givenTenant(world);
    await tenant.consent();
    await c.setSkus(tenant.ms, standardSkus(0, 0, 5));
    const onboarding = onboardingOf(world, tenant);
    await onboarding.start();
    const blocked = await onboarding.until((v) => v.status === 'blocked');
    expect(blocked.problem).toEqual({
      code: 'NO_SPARE_TEAMS_LICENCE',
      message: expect.stringContaining('SPE_E5 0 of 0 in use, ENTERPRISEPACK 0 of 0 in use'),
    });
    expect(stepStates(blocked).licence).toBe('blocked');
    expect((await c.tenant(tenant.ms)).addedDomains).toEqual([]);
    const writes = (await c.requests()).filter(
      (r) => r.tenantId === tenant.ms && r.path.startsWith('/v1.0') && r.method !== 'GET',
    );
    expect(writes).toEqual([]);

    // With a licence free again, starting again goes on.
    await c.setSkus(tenant.ms, standardSkus(0, 1));
    await onboarding.start();
    const activated = await onboarding.until((v) => v.activationUser !== null);
    expect(activated.problem).toBeNull();
  });

  it('removes the activation user it created when a later step fails, and says what happened', async () => {
    const c = world.sandbox.client;
    const tenant = await givenTenant(world);
    await tenant.consent();
    await c.addFault({ method: 'POST', path: '/assignLicense$', status: 400, times: 1 });
    const onboarding = onboardingOf(world, tenant);
    await onboarding.start();
    const failed = await onboarding.until((v) => v.status === 'failed');
    expect(failed.problem).toEqual({
      code: 'MICROSOFT_REFUSED',
      message: expect.stringContaining('Microsoft refused a setup step'),
    });
    expect(stepStates(failed).activation).toBe('failed');
    const created = (await c.requests({ path: '^/v1.0/users$' })).filter(
      (r) => r.method === 'POST' && r.tenantId === tenant.ms && r.status === 201,
    );
    expect(created).toHaveLength(1);
    const upn = `teams-activation@${failed.sbcDomain}`;
    await expect(c.user(tenant.ms, upn)).rejects.toThrow(/404/);
    const deletions = (await c.requests({ path: '^/v1.0/users/[^/]+$' })).filter(
      (r) => r.method === 'DELETE' && r.tenantId === tenant.ms,
    );
    expect(deletions.map((r) => r.status)).toEqual([204]);
  });

  it('tells a tenant that granted only the sync permissions what onboarding needs', async () => {
    const c = world.sandbox.client;
    const tenant = await givenTenant(world);
    await c.updateSettings(tenant.ms, { grantRoles: [...REQUIRED_APP_PERMISSIONS] });
    await tenant.consent();
    const onboarding = onboardingOf(world, tenant);
    await onboarding.start();
    const blocked = await onboarding.until((v) => v.status === 'blocked');
    expect(blocked.problem).toEqual({
      code: 'SETUP_PERMISSIONS_MISSING',
      message: expect.stringContaining('Domain.ReadWrite.All and User.ReadWrite.All'),
    });
    expect(stepStates(blocked).domain).toBe('blocked');
    // Syncing needs none of it: the connection is fine, and says what onboarding lacks.
    const verified = await verifyConnection(world, tenant);
    expect(verified.status).toBe('ok');
    expect(verified.checks).toContainEqual({
      name: 'permission:Domain.ReadWrite.All',
      ok: false,
      feature: 'directRouting',
      message: expect.stringContaining('Direct Routing onboarding needs it (syncing does not)'),
    });
  });
});

describe('Direct Routing onboarding with the DNS managed by hand', () => {
  let dns: PowerDnsServer;
  let world: SyncWorld;

  beforeAll(async () => {
    // The provider's own DNS, which the connector cannot write to: the test publishes by hand.
    ({ dns, world } = await worldWithDns(() => ({ SBC_VERIFY_DEADLINE_MINUTES: '120' })));
  });
  afterAll(async () => {
    await world?.close();
    await dns?.stop();
  });

  it('shows the record to publish, fails clearly at the deadline, and goes on once it is published', async () => {
    const c = world.sandbox.client;
    const tenant = await givenTenant(world);
    await tenant.consent();
    const onboarding = onboardingOf(world, tenant);
    await onboarding.start();
    const waiting = await onboarding.until((v) => v.status === 'waiting');
    expect(waiting.dnsMode).toBe('manual');
    expect(waiting.dnsRecord).toEqual({
      name: waiting.sbcDomain,
      type: 'TXT',
      value: expect.stringMatching(/^MS=ms\d{8}$/),
      ttl: 300,
      publishedByConnector: false,
    });
    expect(waiting.note).toContain(
      `Publish the TXT record ${waiting.sbcDomain} with the text "${waiting.dnsRecord!.value}"`,
    );
    expect(stepStates(waiting).verification).toBe('waiting');

    // DNS never answers: past the deadline, onboarding fails and says what it left.
    await movedClock(world, 3 * HOUR, async () => {
      await onboarding.start();
      const failed = await onboarding.until((v) => v.status === 'failed');
      expect(failed.problem).toEqual({
        code: 'DOMAIN_NOT_VERIFIED',
        message: expect.stringContaining(
          'The domain stays in the Microsoft 365 tenant, unverified',
        ),
      });
      expect(stepStates(failed).verification).toBe('failed');
    });
    expect((await c.tenant(tenant.ms)).addedDomains).toEqual([
      expect.objectContaining({ id: waiting.sbcDomain, isVerified: false }),
    ]);
    expect(
      (await c.requests({ path: '^/v1.0/users$' })).filter((r) => r.tenantId === tenant.ms),
    ).toEqual([]);

    // The provider publishes the record; starting again verifies the same domain and goes on.
    await dns.publishTxt(BASE, waiting.sbcDomain, waiting.dnsRecord!.value);
    await onboarding.start();
    const activated = await onboarding.until((v) => v.activationUser !== null);
    expect(activated.dnsRecord!.value).toBe(waiting.dnsRecord!.value);
    expect((await c.tenant(tenant.ms)).addedDomains).toEqual([
      expect.objectContaining({ id: waiting.sbcDomain, isVerified: true }),
    ]);
  });
});

describe('Direct Routing onboarding when its worker dies', () => {
  let dns: PowerDnsServer;
  let sandbox: TestSandbox;
  let db: IsolatedDatabase;

  beforeAll(async () => {
    [dns, sandbox, db] = await Promise.all([
      startPowerDns(),
      startTestSandbox(),
      isolatedDatabase(),
    ]);
    await dns.createZone(BASE);
    await sandbox.client.useDnsServers([dns.dnsServer]);
  });
  afterAll(async () => {
    await sandbox?.close();
    await db?.drop();
    await dns?.stop();
  });

  it('resumes in another worker without a second user, a second licence or an orphan', async () => {
    const c = sandbox.client;
    const setup = await splitDeployment(sandbox, db, 0, {
      env: {
        SBC_BASE_DOMAIN: BASE,
        SBC_DNS: 'powerdns',
        PDNS_API_URL: dns.apiUrl,
        PDNS_API_KEY: dns.apiKey,
      },
    });
    try {
      const ms = setup.microsoftTenantId;
      const licensedBefore = (await c.tenant(ms)).skus.map((s) => s.consumedUnits);
      // The licence assignment is slow to answer: the worker dies while it waits.
      await c.addFault({
        method: 'POST',
        path: '/assignLicense$',
        status: 0,
        delayMs: 2_000,
        times: 1,
      });
      await setup.startWorker();
      const path = `/api/v1/tenants/${setup.tenantId}/direct-routing`;
      await setup.api.http().post(`${path}/onboarding`).set(setup.auth).expect(202);
      const userCreations = async () =>
        (await c.requests({ path: '^/v1.0/users$' })).filter(
          (r) => r.method === 'POST' && r.tenantId === ms,
        );
      for (let i = 0; i < 200 && !(await userCreations()).length; i++)
        await new Promise((r) => setTimeout(r, 50));
      setup.workers[0].child.kill('SIGKILL');
      await setup.workers[0].exited;
      const view = async (): Promise<OnboardingView> =>
        (await setup.api.http().get(path).set(setup.auth).expect(200)).body;
      expect((await view()).status).toBe('running');

      await setup.startWorker();
      let resumed = await view();
      for (let i = 0; i < 300 && resumed.status !== 'waiting'; i++) {
        await new Promise((r) => setTimeout(r, 100));
        resumed = await view();
      }
      expect(stepStates(resumed)).toMatchObject({ activation: 'done', cleanup: 'waiting' });
      expect((await userCreations()).map((r) => r.status)).toEqual([201]);
      const user = await c.user(ms, resumed.activationUser!.userPrincipalName);
      expect(user.assignedLicenses).toHaveLength(1);
      const licensedAfter = (await c.tenant(ms)).skus.map((s) => s.consumedUnits);
      expect(licensedAfter.reduce((a, b) => a + b)).toBe(
        licensedBefore.reduce((a, b) => a + b) + 1,
      );
    } finally {
      await setup.close();
    }
  }, 120_000);
});
