import { Registry } from 'prom-client';
import { loadConfig } from '../../src/config/config';
import { REQUIRED_APP_PERMISSIONS } from '../../src/consent/required-permissions';
import { PowerDns } from '../../src/direct-routing/powerdns';
import { GraphClients } from '../../src/microsoft/graph-clients';
import { GraphDirectorySetup } from '../../src/microsoft/graph-directory-setup';
import { GraphMetrics } from '../../src/microsoft/graph-metrics';
import { MicrosoftError } from '../../src/microsoft/microsoft-error';
import { MsalTokenProvider } from '../../src/microsoft/msal-token-provider';
import { SKU_E3, standardSkus } from '../sandbox/seed/licensing';
import { PowerDnsServer, startPowerDns } from '../sandbox/powerdns';
import {
  consentedTenant,
  sandboxEnv,
  startTestSandbox,
  TEST_APP,
  TestSandbox,
} from '../support/test-sandbox';

const ZONE = 'customers.pbx.example';
const DOMAIN = `fabrikam-3f2b8c1e.${ZONE}`;
const PASSWORD = 'Aa1!' + 'x'.repeat(20);

describe('Direct Routing setup writes through the production adapter, against the sandbox', () => {
  let env: TestSandbox;
  let dnsServer: PowerDnsServer;
  let tenantId: string;
  let setup: GraphDirectorySetup;

  const adapterFor = () => {
    const settings = loadConfig({
      ...sandboxEnv(env.origin),
      MICROSOFT_CLIENT_ID: TEST_APP.clientId,
      MICROSOFT_CLIENT_SECRET: TEST_APP.clientSecret,
    }).microsoft;
    return new GraphDirectorySetup(
      new GraphClients(settings, new MsalTokenProvider(settings), new GraphMetrics(new Registry())),
    );
  };
  const failure = (call: Promise<unknown>) =>
    call.then(
      () => null,
      (e: MicrosoftError) => ({ kind: e.kind, status: e.details.status }),
    );

  beforeAll(async () => {
    dnsServer = await startPowerDns();
    await dnsServer.createZone(ZONE);
  });
  afterAll(() => dnsServer?.stop());
  beforeEach(async () => {
    env = await startTestSandbox();
    tenantId = await consentedTenant(env.client);
    await env.client.useDnsServers([dnsServer.dnsServer]);
    setup = adapterFor();
  });
  afterEach(() => env.close());

  it('adds a domain, which Microsoft verifies only once its TXT record resolves', async () => {
    expect(await setup.domain(tenantId, DOMAIN)).toBeNull();
    expect(await setup.addDomain(tenantId, DOMAIN)).toEqual({
      id: DOMAIN,
      isVerified: false,
      supportedServices: [],
    });
    const text = await setup.verificationTxt(tenantId, DOMAIN);
    expect(text).toMatch(/^MS=ms\d{8}$/);
    expect(await setup.verifyDomain(tenantId, DOMAIN)).toBe(false);

    const dns = new PowerDns({
      apiUrl: dnsServer.apiUrl,
      apiKey: dnsServer.apiKey,
      serverId: 'localhost',
      zone: ZONE,
    });
    await dns.publishTxt(DOMAIN, 'MS=ms00000000');
    expect(await setup.verifyDomain(tenantId, DOMAIN)).toBe(false);
    await dns.publishTxt(DOMAIN, text);
    expect(await setup.verifyDomain(tenantId, DOMAIN)).toBe(true);
    expect(await setup.domain(tenantId, DOMAIN)).toMatchObject({
      isVerified: true,
      supportedServices: expect.arrayContaining(['OfficeCommunicationsOnline']),
    });
    // A second add of the same name is refused, as Microsoft refuses it.
    expect(await failure(setup.addDomain(tenantId, DOMAIN))).toEqual({
      kind: 'permanent',
      status: 400,
    });
  });

  it('creates a user in a verified domain, licenses it while units last, and deletes it', async () => {
    await env.client.setSkus(tenantId, standardSkus(0, 1));
    const upn = 'teams-activation@fabrikam.example';
    expect(await setup.userByPrincipalName(tenantId, upn)).toBeNull();
    const user = await setup.createUser(tenantId, {
      userPrincipalName: upn,
      displayName: 'Teams activation',
      usageLocation: await setup.countryCode(tenantId),
      password: PASSWORD,
    });
    expect(user).toEqual({ id: expect.any(String), userPrincipalName: upn, licensedSkuIds: [] });
    await setup.assignLicences(tenantId, user.id, { add: [SKU_E3], remove: [] });
    expect((await setup.userByPrincipalName(tenantId, upn))?.licensedSkuIds).toEqual([SKU_E3]);
    expect((await env.client.tenant(tenantId)).skus).toContainEqual(
      expect.objectContaining({ skuId: SKU_E3, consumedUnits: 1 }),
    );

    const second = await setup.createUser(tenantId, {
      userPrincipalName: 'second@fabrikam.example',
      displayName: 'Second',
      usageLocation: 'US',
      password: PASSWORD,
    });
    // No unit left: Microsoft refuses the licence.
    expect(
      await failure(setup.assignLicences(tenantId, second.id, { add: [SKU_E3], remove: [] })),
    ).toEqual({ kind: 'permanent', status: 400 });

    await setup.assignLicences(tenantId, user.id, { add: [], remove: [SKU_E3] });
    await setup.deleteUser(tenantId, user.id);
    await setup.deleteUser(tenantId, user.id);
    expect(await setup.userByPrincipalName(tenantId, upn)).toBeNull();
    expect((await env.client.tenant(tenantId)).skus).toContainEqual(
      expect.objectContaining({ skuId: SKU_E3, consumedUnits: 0 }),
    );
  });

  it('refuses a user outside the verified domains, and a weak password', async () => {
    const create = (upn: string, password = PASSWORD) =>
      failure(
        setup.createUser(tenantId, {
          userPrincipalName: upn,
          displayName: 'x',
          usageLocation: 'US',
          password,
        }),
      );
    expect(await create(`x@${DOMAIN}`)).toEqual({ kind: 'permanent', status: 400 });
    expect(await create('x@fabrikam.example', 'password')).toEqual({
      kind: 'permanent',
      status: 400,
    });
  });

  it('is refused without the setup permissions, while reads still work', async () => {
    await env.client.grantConsent(tenantId, TEST_APP.clientId, [...REQUIRED_APP_PERMISSIONS]);
    setup = adapterFor();
    expect(await failure(setup.addDomain(tenantId, DOMAIN))).toEqual({
      kind: 'insufficient_permissions',
      status: 403,
    });
    expect(await setup.countryCode(tenantId)).toBe('US');
  });
});
