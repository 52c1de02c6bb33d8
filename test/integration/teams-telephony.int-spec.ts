import { loadConfig } from '../../src/config/config';
import { GRAPH_CALL_SENDS, GraphClients } from '../../src/microsoft/graph-clients';
import { GraphMetrics } from '../../src/microsoft/graph-metrics';
import { Registry } from 'prom-client';
import { GraphClientDirectory } from '../../src/microsoft/graph-client-directory';
import { MicrosoftError } from '../../src/microsoft/microsoft-error';
import { GraphTeamsTelephony } from '../../src/microsoft/graph-teams-telephony';
import { MsalTokenProvider } from '../../src/microsoft/msal-token-provider';
import { SKU_E3, SKU_E5 } from '../sandbox/seed/licensing';
import {
  consentedTenant,
  sandboxEnv,
  startTestSandbox,
  TEST_APP,
  TestSandbox,
} from '../support/test-sandbox';

const POLICY = 'b5c5a0a7-9a4c-4b7e-8d0e-0c1f6a9d2e31';

describe('writing numbers and policies in Teams through the production adapter', () => {
  let env: TestSandbox;
  let tid: string;
  let teams: GraphTeamsTelephony;
  let directory: GraphClientDirectory;
  let ada: string;
  let bob: string;
  let carol: string;

  beforeEach(async () => {
    env = await startTestSandbox();
    tid = await consentedTenant(env.client);
    const settings = loadConfig({
      ...sandboxEnv(env.origin),
      MICROSOFT_CLIENT_ID: TEST_APP.clientId,
      MICROSOFT_CLIENT_SECRET: TEST_APP.clientSecret,
    }).microsoft;
    const graph = new GraphClients(
      settings,
      new MsalTokenProvider(settings),
      new GraphMetrics(new Registry()),
    );
    directory = new GraphClientDirectory(graph);
    teams = new GraphTeamsTelephony(graph, {
      timeoutMs: 300,
      intervalMs: 10,
      maxIntervalMs: 50,
      sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
    });
    const phone = [{ skuId: SKU_E5, disabledPlans: [] }];
    [ada, bob, carol] = (
      await env.client.addUsers(tid, [
        { userPrincipalName: 'ada@fabrikam.example', assignedLicenses: phone },
        { userPrincipalName: 'bob@fabrikam.example', assignedLicenses: phone },
        {
          userPrincipalName: 'carol@fabrikam.example',
          assignedLicenses: [{ skuId: SKU_E3, disabledPlans: [] }],
        },
      ])
    ).ids;
    await env.client.setPolicies(tid, [
      { policyType: 'OnlineVoiceRoutingPolicy', name: 'PBX-Direct-Routing', policyId: POLICY },
    ]);
  });
  afterEach(() => env.close());

  const stateOf = async (userId: string) =>
    (await env.client.teamsState(tid)).users.find((u) => u.id === userId)!;

  it('assigns a number and the routing policy; unassigns both again', async () => {
    expect(await teams.assignNumber(tid, ada, '+14252000001')).toEqual({ ok: true });
    await teams.assignVoiceRoutingPolicy(tid, [ada], POLICY);
    expect(await stateOf(ada)).toMatchObject({
      isEnterpriseVoiceEnabled: true,
      telephoneNumbers: [{ telephoneNumber: '+14252000001' }],
      effectivePolicyAssignments: [
        { policyType: 'OnlineVoiceRoutingPolicy', policyAssignment: { policyId: POLICY } },
      ],
    });

    expect(await teams.unassignNumber(tid, '+14252000001')).toEqual({ ok: true });
    await teams.unassignVoiceRoutingPolicy(tid, [ada]);
    expect(await stateOf(ada)).toMatchObject({
      telephoneNumbers: [],
      effectivePolicyAssignments: [],
    });
  });

  it.each([
    [
      'NUMBER_HELD_BY_OTHER_USER',
      () => ({
        user: bob,
        number: '+14252000001',
        before: () => teams.assignNumber(tid, ada, '+14252000001'),
      }),
    ],
    [
      'MISSING_PHONE_SYSTEM_LICENSE',
      () => ({ user: carol, number: '+14252000002', before: async () => undefined }),
    ],
    [
      'TEAMS_USER_NOT_FOUND',
      () => ({
        user: '00000000-0000-4000-8000-000000000000',
        number: '+14252000003',
        before: async () => undefined,
      }),
    ],
  ])('names a failed assignment %s, from what Teams holds', async (code, setup) => {
    const { user, number, before } = setup();
    await before();
    const outcome = await teams.assignNumber(tid, user, number);
    expect(outcome).toMatchObject({ ok: false, code, detail: expect.any(String) });
  });

  it('reports an operation Teams fails for no reason it can see, and one that never finishes', async () => {
    await env.client.addNumberFault(tid, {
      telephoneNumber: '+14252000004',
      mode: 'fail',
      statusDetail: 'Internal error in number management.',
    });
    expect(await teams.assignNumber(tid, ada, '+14252000004')).toEqual({
      ok: false,
      code: 'OPERATION_FAILED',
      detail: 'Internal error in number management.',
    });
    await env.client.addNumberFault(tid, { telephoneNumber: '+14252000005', mode: 'hang' });
    expect(await teams.assignNumber(tid, bob, '+14252000005')).toMatchObject({
      ok: false,
      code: 'OPERATION_TIMED_OUT',
    });
  });

  it('rides out a throttled write (429 with Retry-After)', async () => {
    await env.client.addFault({
      method: 'POST',
      path: 'numberAssignments/assignNumber$',
      status: 429,
      retryAfterSeconds: 0,
      times: 1,
    });
    expect(await teams.assignNumber(tid, ada, '+14252000006')).toEqual({ ok: true });
    const posts = await env.client.requests({ path: 'assignNumber$' });
    expect(posts.map((p) => p.status)).toEqual([429, 202]);
  });

  it(`sends a call that Microsoft throttles for ever ${GRAPH_CALL_SENDS} times, then names it throttled`, async () => {
    await env.client.addFault({
      method: 'POST',
      path: 'numberAssignments/assignNumber$',
      status: 429,
      retryAfterSeconds: 0,
      times: 1000,
    });
    const refused = await teams.assignNumber(tid, ada, '+14252000007').catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(MicrosoftError);
    expect(refused).toMatchObject({ kind: 'transient', details: { status: 429 } });
    const posts = await env.client.requests({ path: 'assignNumber$' });
    expect(posts.map((p) => p.status)).toEqual(Array(GRAPH_CALL_SENDS).fill(429));
  });

  it(`sends each item of a batch that Microsoft throttles for ever ${GRAPH_CALL_SENDS} times at most`, async () => {
    await env.client.addFault({
      method: 'GET',
      path: `userConfigurations/${ada}$`,
      status: 429,
      retryAfterSeconds: 0,
      times: 1000,
    });
    const refused = await directory.teamsUsersByIds(tid, [ada, bob]).catch((e: unknown) => e);
    expect(refused).toMatchObject({ kind: 'transient', details: { status: 429 } });
    const reads = await env.client.requests({ path: `userConfigurations/${ada}$` });
    expect(reads).toHaveLength(GRAPH_CALL_SENDS);
    expect(await env.client.requests({ path: `userConfigurations/${bob}$` })).toHaveLength(1);
  });

  it('takes an operation Teams skipped as done when the user already holds the number, without waiting for a timeout', async () => {
    expect(await teams.assignNumber(tid, ada, '+14252000008')).toEqual({ ok: true });
    await env.client.addNumberFault(tid, {
      telephoneNumber: '+14252000008',
      mode: 'skip',
      statusDetail: 'The number is already assigned to the user.',
    });
    const since = (await env.client.requests()).at(-1)!.seq;
    expect(await teams.assignNumber(tid, ada, '+14252000008')).toEqual({ ok: true });
    const polls = (await env.client.requests({ since, path: 'operations' })).length;
    expect(polls).toBe(2); // the sandbox ends an operation at its second poll
  });

  it('polls an operation when it is likely done: once their time is steady, one poll each', async () => {
    // Operations that take 100 ms, however often they are polled.
    await env.client.updateSettings(tid, { operationPollsToFinish: 1000, operationSettleMs: 100 });
    const assign = (i: number) =>
      teams.assignNumber(tid, [ada, bob][i % 2], `+1425201${String(i).padStart(4, '0')}`);
    for (let i = 0; i < 3; i++) expect(await assign(i)).toEqual({ ok: true });
    const since = (await env.client.requests()).at(-1)!.seq;
    for (let i = 3; i < 13; i++) expect(await assign(i)).toEqual({ ok: true });
    const polls = (await env.client.requests({ since, path: 'operations' })).length;
    // Ten operations: one poll each, and a second now and then when a first poll tries sooner.
    expect(polls).toBeGreaterThanOrEqual(10);
    expect(polls).toBeLessThanOrEqual(13);
  });

  it('names an operation Teams skipped without doing the work, from what Teams holds', async () => {
    await env.client.addNumberFault(tid, {
      telephoneNumber: '+14252000009',
      mode: 'skip',
      statusDetail: 'Skipped by the number management service.',
    });
    expect(await teams.assignNumber(tid, bob, '+14252000009')).toEqual({
      ok: false,
      code: 'OPERATION_FAILED',
      detail: 'Skipped by the number management service.',
    });
    expect((await stateOf(bob)).telephoneNumbers).toEqual([]);
    await env.client.addNumberFault(tid, { telephoneNumber: '+14252000009', mode: 'skip' });
    expect(await teams.unassignNumber(tid, '+14252000009')).toEqual({ ok: true });
  });

  it('reads an operation and a Teams user configuration whether or not Graph wraps them in value', async () => {
    await env.client.updateSettings(tid, { entityShape: 'value' });
    expect(await teams.assignNumber(tid, ada, '+14252000010')).toEqual({ ok: true });
    const settings = await directory.teamsUsersByIds(tid, [ada]);
    expect(settings.get(ada)).toMatchObject({ id: ada, numbers: ['+14252000010'] });
  });
});
