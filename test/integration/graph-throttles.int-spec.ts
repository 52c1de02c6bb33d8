import { loadConfig } from '../../src/config/config';
import { GraphClientDirectory } from '../../src/microsoft/graph-client-directory';
import { GraphClients } from '../../src/microsoft/graph-clients';
import { GraphMetrics } from '../../src/microsoft/graph-metrics';
import { Registry } from 'prom-client';
import { GraphTeamsTelephony } from '../../src/microsoft/graph-teams-telephony';
import { MsalTokenProvider } from '../../src/microsoft/msal-token-provider';
import { SKU_E5 } from '../sandbox/seed/licensing';
import {
  consentedTenant,
  sandboxEnv,
  startTestSandbox,
  TEST_APP,
  TestSandbox,
} from '../support/test-sandbox';

/**
 * Teams' APIs are throttled in requests per second (GETs and the rest apart), the directory in
 * resource units per 10 s. The connector paces each lane and pauses only the one throttled.
 */
describe('Graph throttles through the production adapters', () => {
  let env: TestSandbox;
  let tid: string;
  let users: string[];

  beforeEach(async () => {
    env = await startTestSandbox();
    tid = await consentedTenant(env.client);
    users = (
      await env.client.addUsers(
        tid,
        Array.from({ length: 12 }, (_, i) => ({
          userPrincipalName: `u${i}@fabrikam.example`,
          assignedLicenses: [{ skuId: SKU_E5, disabledPlans: [] }],
        })),
      )
    ).ids;
  });
  afterEach(() => env.close());

  const adapters = (teamsLimitPerSecond: number) => {
    const settings = loadConfig({
      ...sandboxEnv(env.origin),
      MICROSOFT_CLIENT_ID: TEST_APP.clientId,
      MICROSOFT_CLIENT_SECRET: TEST_APP.clientSecret,
      TEAMS_REQUESTS_PER_SECOND: String(teamsLimitPerSecond),
    }).microsoft;
    const graph = new GraphClients(
      settings,
      new MsalTokenProvider(settings),
      new GraphMetrics(new Registry()),
    );
    return {
      graph,
      directory: new GraphClientDirectory(graph),
      teams: new GraphTeamsTelephony(graph, {
        timeoutMs: 20_000,
        intervalMs: 10,
        maxIntervalMs: 50,
        sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
      }),
    };
  };
  const assignAll = (teams: GraphTeamsTelephony) =>
    Promise.all(
      users.map((id, i) => teams.assignNumber(tid, id, `+1425300${String(i).padStart(4, '0')}`)),
    );
  const teamsAnswers = async () =>
    (await env.client.requests({ path: '^/v1\\.0/admin/teams/' })).map((r) => r.status);

  it('does not charge Teams calls to the directory budget, and meters them per second instead', async () => {
    await env.client.updateSettings(tid, { throttleBudget: 5 });
    const { teams } = adapters(1000);
    expect((await assignAll(teams)).every((r) => r.ok)).toBe(true);
    // A directory budget of 5 units would have refused the 13th call; Teams' own limit did not.
    expect(await teamsAnswers()).not.toContain(429);
  });

  it('paces Teams writes just under its limit and meets no 429, where an unpaced client is throttled but loses nothing', async () => {
    // Told Teams' limit, as the service is (30): it paces 1 % under it with little burst, so that
    // Teams' bucket keeps headroom for a request a timer or a busy event loop sent late.
    await env.client.updateSettings(tid, { teamsRequestsPerSecond: { read: 1000, write: 5 } });
    const paced = adapters(5);
    const started = Date.now();
    expect((await assignAll(paced.teams)).every((r) => r.ok)).toBe(true);
    // One at once, then 11 more at 4.95 a second.
    expect(Date.now() - started).toBeGreaterThanOrEqual(2100);
    expect(await teamsAnswers()).not.toContain(429);

    await env.client.clearRequests();
    const eager = adapters(1000);
    await Promise.all(
      users.map((_, i) => eager.teams.unassignNumber(tid, `+1425300${String(i).padStart(4, '0')}`)),
    );
    expect(await teamsAnswers()).toContain(429);
    expect(
      (await env.client.teamsState(tid)).numbers.every((n) => n.assignmentStatus === 'unassigned'),
    ).toBe(true);
  });

  it('keeps reading the directory while Teams throttles the tenant', async () => {
    await env.client.updateSettings(tid, { teamsRequestsPerSecond: { read: 1000, write: 1 } });
    await env.client.addFault({
      path: '^/v1\\.0/admin/teams/telephoneNumberManagement/numberAssignments/assignNumber$',
      status: 429,
      retryAfterSeconds: 3,
      times: 1,
    });
    const { teams, directory } = adapters(1000);
    const write = teams.assignNumber(tid, users[0], '+14253009999');
    await new Promise((r) => setTimeout(r, 300));
    const started = Date.now();
    await directory.organization(tid);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(await write).toEqual({ ok: true });
  });
});
