import { loadConfig } from '../../src/config/config';
import { DeltaPage, DirectoryUser } from '../../src/microsoft/directory-records';
import { GraphClientDirectory } from '../../src/microsoft/graph-client-directory';
import { GraphClients } from '../../src/microsoft/graph-clients';
import { GraphMetrics } from '../../src/microsoft/graph-metrics';
import { Registry } from 'prom-client';
import { MsalTokenProvider } from '../../src/microsoft/msal-token-provider';
import { SKU_E3, SKU_E5 } from '../sandbox/seed/licensing';
import {
  consentedTenant,
  numberedUsers,
  sandboxEnv,
  startTestSandbox,
  TEST_APP,
  TestSandbox,
} from '../support/test-sandbox';

describe('reading a Microsoft 365 directory through the production adapters', () => {
  let env: TestSandbox;
  let tenantId: string;
  let directory: GraphClientDirectory;

  beforeEach(async () => {
    env = await startTestSandbox();
    tenantId = await consentedTenant(env.client);
    const settings = loadConfig({
      ...sandboxEnv(env.origin),
      MICROSOFT_CLIENT_ID: TEST_APP.clientId,
      MICROSOFT_CLIENT_SECRET: TEST_APP.clientSecret,
    }).microsoft;
    directory = new GraphClientDirectory(
      new GraphClients(settings, new MsalTokenProvider(settings), new GraphMetrics(new Registry())),
    );
  });
  afterEach(() => env.close());

  const collect = async <T>(pages: AsyncIterable<T[]>) => {
    const all: T[][] = [];
    for await (const page of pages) all.push(page);
    return all;
  };
  const round = async (link: string | null) => {
    const pages: DeltaPage[] = [];
    for await (const page of directory.usersDelta(tenantId, link)) pages.push(page);
    return {
      users: pages.flatMap((p) => p.users),
      removed: pages.flatMap((p) => p.removed),
      deltaLink: pages.at(-1)?.deltaLink ?? null,
    };
  };

  it('reads every user with $top=999 and only the properties matching needs', async () => {
    await env.client.addUsers(tenantId, numberedUsers(2100, 'fabrikam.example'));
    await env.client.addUsers(tenantId, [
      {
        userPrincipalName: 'zoe@fabrikam.example',
        mail: 'zoe@fabrikam.example',
        proxyAddresses: ['SMTP:zoe@fabrikam.example', 'smtp:z@fabrikam.example'],
        assignedLicenses: [{ skuId: SKU_E5, disabledPlans: [] }],
      },
      {
        userPrincipalName: 'e3@fabrikam.example',
        assignedLicenses: [{ skuId: SKU_E3, disabledPlans: [] }],
      },
    ]);
    const pages = await collect(directory.users(tenantId));
    expect(pages.map((p) => p.length)).toEqual([999, 999, 104]);
    const byUpn = new Map(pages.flat().map((u: DirectoryUser) => [u.userPrincipalName, u]));
    expect(byUpn.get('zoe@fabrikam.example')).toMatchObject({
      mail: 'zoe@fabrikam.example',
      proxyAddresses: ['SMTP:zoe@fabrikam.example', 'smtp:z@fabrikam.example'],
      hasPhoneSystem: true,
      userType: 'Member',
      accountEnabled: true,
    });
    expect(byUpn.get('e3@fabrikam.example')?.hasPhoneSystem).toBe(false);
    const calls = await env.client.requests({ path: '^/v1\\.0/users$' });
    expect(calls).toHaveLength(3);
    expect(calls[0].query).toContain(
      '$select=id,userPrincipalName,mail,proxyAddresses,displayName,accountEnabled,userType,assignedPlans',
    );
  });

  it('follows delta rounds: changes, soft and hard deletions, then an expired link is reported as such', async () => {
    const ids = (await env.client.addUsers(tenantId, numberedUsers(5, 'fabrikam.example'))).ids;
    const first = await round(null);
    expect(first.users).toHaveLength(5);
    expect(first.deltaLink).toMatch(/\$deltatoken=/);

    await env.client.updateUser(tenantId, ids[0], { mail: 'renamed@fabrikam.example' });
    await env.client.deleteUser(tenantId, ids[1]);
    await env.client.deleteUser(tenantId, ids[2], true);
    const second = await round(first.deltaLink);
    expect(second.users.map((u) => [u.id, u.mail])).toEqual([[ids[0], 'renamed@fabrikam.example']]);
    expect(second.removed).toEqual([
      { id: ids[1], permanently: false },
      { id: ids[2], permanently: true },
    ]);

    await env.client.advanceClock(8 * 24 * 3600 * 1000);
    await expect(round(second.deltaLink)).rejects.toMatchObject({ kind: 'delta_expired' });
    await env.client.forceDeltaResync(tenantId);
    await expect(round(first.deltaLink)).rejects.toMatchObject({ kind: 'delta_expired' });
  });

  it('says consent is missing, not that Microsoft is down, for a tenant that never consented', async () => {
    const stranger = await env.client.createTenant({ domain: 'stranger.example' });
    await expect(directory.organization(stranger.id)).rejects.toMatchObject({
      kind: 'auth_revoked',
    });
    const pages = directory.users(stranger.id)[Symbol.asyncIterator]();
    await expect(pages.next()).rejects.toMatchObject({ kind: 'auth_revoked' });
  });

  it("reads Teams' view of each user: numbers, Enterprise Voice, routing policy", async () => {
    const [ada] = (
      await env.client.addUsers(tenantId, [
        {
          userPrincipalName: 'ada@fabrikam.example',
          assignedLicenses: [{ skuId: SKU_E5, disabledPlans: [] }],
        },
      ])
    ).ids;
    await env.client.assignNumbers(tenantId, [{ telephoneNumber: '+14252000001', userId: ada }]);
    const settings = (await collect(directory.teamsUsers(tenantId))).flat();
    expect(settings).toEqual([
      {
        id: ada,
        accountType: 'user',
        enterpriseVoiceEnabled: true,
        numbers: ['+14252000001'],
        voiceRoutingPolicyId: null,
        voiceRoutingPolicyName: null,
      },
    ]);
  });

  it('matches $batch answers by id, in whatever order Microsoft sends them', async () => {
    await env.client.updateSettings(tenantId, { batchResponseOrder: 'reversed' });
    const users = Array.from({ length: 5 }, (_, i) => ({
      userPrincipalName: `u${i}@fabrikam.example`,
      assignedLicenses: [{ skuId: SKU_E5, disabledPlans: [] }],
    }));
    const ids = (await env.client.addUsers(tenantId, users)).ids;
    await env.client.assignNumbers(
      tenantId,
      ids.map((userId, i) => ({ telephoneNumber: `+1425200010${i}`, userId })),
    );
    const found = await directory.teamsUsersByIds(tenantId, [
      ...ids,
      'f0000000-0000-4000-8000-000000000000',
    ]);
    expect(ids.map((id) => found.get(id)?.numbers)).toEqual(ids.map((_, i) => [`+1425200010${i}`]));
    expect(found.get('f0000000-0000-4000-8000-000000000000')).toBeNull();
  });
});
