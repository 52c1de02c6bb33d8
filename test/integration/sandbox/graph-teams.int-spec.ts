import { Client, ResponseType } from '@microsoft/microsoft-graph-client';
import {
  consentedTenant,
  graphClientFor,
  startTestSandbox,
  TestSandbox,
} from '../../support/test-sandbox';
import { SKU_E3, SKU_E5 } from '../../sandbox/seed/licensing';

const NUMBERS = '/admin/teams/telephoneNumberManagement';
const POLICY_ID = 'b5c5a0a7-9a4c-4b7e-8d0e-0c1f6a9d2e31';

interface Operation {
  status: string;
  numbers: { status: string; statusDetail: string | null; resourceLocation: string | null }[];
}

describe('sandbox Teams telephony, through the real graph-client', () => {
  let env: TestSandbox;
  let tenantId: string;
  let graph: Client;
  let alice: string;
  let bob: string;
  let carol: string;

  beforeEach(async () => {
    env = await startTestSandbox();
    tenantId = await consentedTenant(env.client);
    graph = graphClientFor(env.origin, tenantId);
    const phone = [{ skuId: SKU_E5, disabledPlans: [] }];
    [alice, bob, carol] = (
      await env.client.addUsers(tenantId, [
        { userPrincipalName: 'alice@fabrikam.example', assignedLicenses: phone },
        { userPrincipalName: 'bob@fabrikam.example', assignedLicenses: phone },
        {
          userPrincipalName: 'carol@fabrikam.example',
          assignedLicenses: [{ skuId: SKU_E3, disabledPlans: [] }],
        },
      ])
    ).ids;
    await env.client.setPolicies(tenantId, [
      { policyType: 'OnlineVoiceRoutingPolicy', name: 'PBX-Direct-Routing', policyId: POLICY_ID },
    ]);
  });
  afterEach(() => env.close());

  /** assignNumber/unassignNumber: 202 + Location, then poll the operation until it ends. */
  async function runOperation(
    action: 'assignNumber' | 'unassignNumber',
    body: object,
  ): Promise<{ location: string; final: Operation; seen: string[] }> {
    const res: Response = await graph
      .api(`${NUMBERS}/numberAssignments/${action}`)
      .responseType(ResponseType.RAW)
      .post(body);
    expect(res.status).toBe(202);
    const location = res.headers.get('location')!;
    const seen: string[] = [];
    for (let i = 0; i < 10; i++) {
      const op: Operation = await graph.api(location).get();
      seen.push(op.status);
      if (op.status === 'succeeded' || op.status === 'failed') return { location, final: op, seen };
    }
    return { location, final: await graph.api(location).get(), seen };
  }

  it('assigns a Direct Routing number asynchronously; the user then has it and Enterprise Voice', async () => {
    const { location, final, seen } = await runOperation('assignNumber', {
      telephoneNumber: '+14255550100',
      assignmentTargetId: alice,
      numberType: 'directRouting',
    });

    expect(location).toMatch(
      new RegExp(`^${env.origin}/v1\\.0${NUMBERS}/operations\\('[^']+'\\)$`),
    );
    expect(seen).toEqual(['running', 'succeeded']);
    expect(final.numbers[0].resourceLocation).toMatch(/numberAssignments\//);
    const config = await graph.api(`/admin/teams/userConfigurations/${alice}`).get();
    expect(config).toMatchObject({
      isEnterpriseVoiceEnabled: true,
      telephoneNumbers: [{ telephoneNumber: '+14255550100', assignmentCategory: 'primary' }],
      featureTypes: ['Teams', 'PhoneSystem'],
    });
    // graph-client does not encode $filter values: a bare '+' would arrive as a space.
    const listed = await graph
      .api(`${NUMBERS}/numberAssignments`)
      .filter(`telephoneNumber eq '${encodeURIComponent('+14255550100')}'`)
      .get();
    expect(listed.value).toEqual([
      expect.objectContaining({
        assignmentStatus: 'userAssigned',
        assignmentTargetId: alice,
        numberType: 'directRouting',
      }),
    ]);
  });

  it('fails the operation when the number already belongs to another user', async () => {
    await runOperation('assignNumber', {
      telephoneNumber: '+14255550100',
      assignmentTargetId: alice,
      numberType: 'directRouting',
    });
    const { final } = await runOperation('assignNumber', {
      telephoneNumber: '+14255550100',
      assignmentTargetId: bob,
      numberType: 'directRouting',
    });

    expect(final.status).toBe('failed');
    expect(final.numbers[0].statusDetail).toMatch(/already been assigned to another user/);
    const state = await env.client.teamsState(tenantId);
    expect(state.users.find((u) => u.id === bob)?.telephoneNumbers).toEqual([]);
  });

  it('fails the operation for a target without Phone System or unknown to the directory', async () => {
    const unlicensed = await runOperation('assignNumber', {
      telephoneNumber: '+14255550101',
      assignmentTargetId: carol,
      numberType: 'directRouting',
    });
    expect(unlicensed.final).toMatchObject({
      status: 'failed',
      numbers: [{ statusDetail: expect.stringMatching(/not licensed for Phone System/) }],
    });
    const unknown = await runOperation('assignNumber', {
      telephoneNumber: '+14255550102',
      assignmentTargetId: '00000000-0000-4000-8000-000000000000',
      numberType: 'directRouting',
    });
    expect(unknown.final).toMatchObject({
      status: 'failed',
      numbers: [{ statusDetail: expect.stringMatching(/not found/) }],
    });
  });

  it('validates the body synchronously', async () => {
    await expect(
      graph
        .api(`${NUMBERS}/numberAssignments/assignNumber`)
        .post({ telephoneNumber: '+14255550100', numberType: 'directRouting' }),
    ).rejects.toMatchObject({ statusCode: 400 });
    await expect(
      graph.api(`${NUMBERS}/numberAssignments/assignNumber`).post({
        telephoneNumber: 'tel:+14255550100',
        assignmentTargetId: alice,
        numberType: 'directRouting',
      }),
    ).rejects.toMatchObject({ statusCode: 400 });
  });

  it('unassigns a number', async () => {
    await runOperation('assignNumber', {
      telephoneNumber: '+14255550100',
      assignmentTargetId: alice,
      numberType: 'directRouting',
    });
    const { final } = await runOperation('unassignNumber', {
      telephoneNumber: '+14255550100',
      numberType: 'directRouting',
    });
    expect(final.status).toBe('succeeded');
    const config = await graph.api(`/admin/teams/userConfigurations/${alice}`).get();
    expect(config.telephoneNumbers).toEqual([]);
  });

  it('keeps an operation running forever, or fails it, when a fault is injected', async () => {
    await env.client.addNumberFault(tenantId, { telephoneNumber: '+14255550103', mode: 'hang' });
    await env.client.addNumberFault(tenantId, {
      telephoneNumber: '+14255550104',
      mode: 'fail',
      statusDetail: 'Internal server error in telephone number management.',
    });
    const hung = await runOperation('assignNumber', {
      telephoneNumber: '+14255550103',
      assignmentTargetId: alice,
      numberType: 'directRouting',
    });
    expect(hung.final.status).toBe('running');
    const failed = await runOperation('assignNumber', {
      telephoneNumber: '+14255550104',
      assignmentTargetId: bob,
      numberType: 'directRouting',
    });
    expect(failed.final).toMatchObject({
      status: 'failed',
      numbers: [{ statusDetail: 'Internal server error in telephone number management.' }],
    });
  });

  it('resolves a voice routing policy by name and assigns it', async () => {
    const resolved = await graph
      .api(
        "/admin/teams/policy/getPolicyId(type='OnlineVoiceRoutingPolicy',name='PBX-Direct-Routing')",
      )
      .get();
    expect(resolved.value).toEqual([{ name: 'Tag:PBX-Direct-Routing', policyId: POLICY_ID }]);

    const res: Response = await graph
      .api('/admin/teams/policy/userAssignments/assign')
      .responseType(ResponseType.RAW)
      .post({
        value: [
          {
            userId: alice,
            policyType: 'OnlineVoiceRoutingPolicy',
            policyId: resolved.value[0].policyId,
          },
        ],
      });
    expect(res.status).toBe(204);
    const config = await graph.api(`/admin/teams/userConfigurations/${alice}`).get();
    expect(config.effectivePolicyAssignments).toEqual([
      {
        policyType: 'OnlineVoiceRoutingPolicy',
        policyAssignment: {
          displayName: 'PBX-Direct-Routing',
          assignmentType: 'direct',
          policyId: POLICY_ID,
        },
      },
    ]);

    await expect(
      graph.api('/admin/teams/policy/userAssignments/assign').post({
        value: [
          { userId: alice, policyType: 'OnlineVoiceRoutingPolicy', policyId: 'no-such-policy' },
        ],
      }),
    ).rejects.toMatchObject({ statusCode: 400 });
  });

  it('answers only the selected properties of Teams user configurations and the organization', async () => {
    const list = await graph
      .api('/admin/teams/userConfigurations')
      .select(['accountType', 'telephoneNumbers'])
      .get();
    expect(list.value.length).toBeGreaterThan(0);
    for (const user of list.value)
      expect(Object.keys(user).sort()).toEqual(['accountType', 'id', 'telephoneNumbers']);
    const one = await graph
      .api(`/admin/teams/userConfigurations/${alice}`)
      .select(['isEnterpriseVoiceEnabled'])
      .get();
    expect(one).toEqual({ id: alice, isEnterpriseVoiceEnabled: false });
    const org = await graph.api('/organization').select(['displayName']).get();
    expect(Object.keys(org.value[0]).sort()).toEqual(['displayName', 'id']);
    await expect(
      graph.api('/admin/teams/userConfigurations').select(['mail']).get(),
    ).rejects.toMatchObject({ statusCode: 400 });
  });
});
