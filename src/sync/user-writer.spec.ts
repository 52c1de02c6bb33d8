import { TeamsUserSettings } from '../microsoft/directory-records';
import { MicrosoftError } from '../microsoft/microsoft-error';
import { OperationOutcome, TeamsTelephony } from '../microsoft/teams-telephony';
import { RunItemEntity } from './sync.entities';
import { UserWriter } from './user-writer';

/** A Teams that records each write and answers as it is told. */
class RecordingTelephony extends TeamsTelephony {
  writes: string[] = [];
  /** The users of each policy call. */
  policyCalls: string[][] = [];
  answers: Partial<Record<string, (userIds: string[]) => Promise<OperationOutcome | void>>> = {};

  private async write(name: string, userIds: string[] = []): Promise<OperationOutcome> {
    this.writes.push(name);
    return ((await this.answers[name]?.(userIds)) as OperationOutcome | undefined) ?? { ok: true };
  }
  assignNumber = () => this.write('assignNumber');
  unassignNumber = () => this.write('unassignNumber');
  assignVoiceRoutingPolicy = async (_tid: string, userIds: string[]) => {
    this.policyCalls.push(userIds);
    await this.write('assignPolicy', userIds);
  };
  unassignVoiceRoutingPolicy = async (_tid: string, userIds: string[]) => {
    this.policyCalls.push(userIds);
    await this.write('unassignPolicy', userIds);
  };
}

const NUMBER = '+14255550100';
const item = (change: RunItemEntity['change'], teamsUserId = 'u1'): RunItemEntity => ({
  runId: 'r',
  seq: 0,
  pbxUserId: `p-${teamsUserId}`,
  teamsUserId,
  change,
  method: 'mail',
  number: NUMBER,
  state: 'pending',
  failureCode: null,
  finishedAt: null,
});
const teams = (fields: Partial<TeamsUserSettings> = {}): TeamsUserSettings => ({
  id: 'u1',
  accountType: 'user',
  enterpriseVoiceEnabled: false,
  numbers: [],
  voiceRoutingPolicyId: null,
  voiceRoutingPolicyName: null,
  ...fields,
});
const POLICY = { id: 'vrp', name: 'PBX-Direct-Routing' };
const inLine = teams({
  numbers: [NUMBER],
  enterpriseVoiceEnabled: true,
  voiceRoutingPolicyId: 'vrp',
  voiceRoutingPolicyName: 'PBX-Direct-Routing',
});
const refuse = (error: MicrosoftError) => () => Promise.reject(error);

describe('what the user writer writes in Teams', () => {
  let telephony: RecordingTelephony;
  let writer: UserWriter;
  beforeEach(() => {
    telephony = new RecordingTelephony();
    writer = new UserWriter(telephony);
  });
  /** One user's change, as a wave of one. */
  const write = async (
    one: RunItemEntity,
    current: TeamsUserSettings | null,
    policy: typeof POLICY | null,
  ) => (await writer.writeWave('t', [{ item: one, current }], policy))[0];

  it('writes nothing for a user already in line', async () => {
    expect(await write(item('assign'), inLine, POLICY)).toMatchObject({
      result: 'unchanged',
    });
    expect(telephony.writes).toEqual([]);
  });

  it('assigns the number, then the policy, and says what Teams now holds', async () => {
    const outcome = await write(item('assign'), teams(), POLICY);
    expect(telephony.writes).toEqual(['assignNumber', 'assignPolicy']);
    expect(outcome).toEqual({ result: 'succeeded', settings: inLine });
  });

  it('knows the policy by its Tag: identity or its name when Teams shapes its id otherwise', async () => {
    for (const held of [
      { voiceRoutingPolicyId: 'Tag:PBX-Direct-Routing', voiceRoutingPolicyName: null },
      {
        voiceRoutingPolicyId: 'b5c5a0a7-other-shape',
        voiceRoutingPolicyName: 'PBX-Direct-Routing',
      },
    ])
      expect(await write(item('assign'), { ...inLine, ...held }, POLICY)).toMatchObject({
        result: 'unchanged',
      });
    expect(telephony.writes).toEqual([]);
  });

  it('writes only the policy when the number is already in place', async () => {
    await write(
      item('update'),
      { ...inLine, voiceRoutingPolicyId: 'other', voiceRoutingPolicyName: 'Other-Policy' },
      POLICY,
    );
    expect(telephony.writes).toEqual(['assignPolicy']);
  });

  it('leaves the policy alone when the number assignment fails', async () => {
    telephony.answers.assignNumber = async () => ({
      ok: false,
      code: 'NUMBER_HELD_BY_OTHER_USER',
      detail: 'held',
    });
    const outcome = await write(item('assign'), teams(), POLICY);
    expect(telephony.writes).toEqual(['assignNumber']);
    expect(outcome).toMatchObject({
      result: 'failed',
      failure: { code: 'NUMBER_HELD_BY_OTHER_USER', scope: 'user', retry: 'never' },
    });
  });

  it('records a user Teams does not know, without writing', async () => {
    expect(await write(item('assign'), null, POLICY)).toMatchObject({
      failure: { code: 'TEAMS_USER_NOT_FOUND', scope: 'user' },
    });
    expect(telephony.writes).toEqual([]);
  });

  it('turns a throttled write into a failure of this user, written once (the call layer retried it)', async () => {
    telephony.answers.assignNumber = refuse(
      new MicrosoftError('transient', 'throttled', { status: 429 }),
    );
    expect(await write(item('assign'), teams(), POLICY)).toMatchObject({
      failure: { code: 'THROTTLED', scope: 'user', retry: 'after' },
    });
    expect(telephony.writes).toEqual(['assignNumber']);
  });

  it('names a policy Teams refuses', async () => {
    telephony.answers.assignPolicy = refuse(
      new MicrosoftError('permanent', 'bad', { status: 400 }),
    );
    expect(await write(item('assign'), teams(), POLICY)).toMatchObject({
      failure: { code: 'VOICE_ROUTING_POLICY_NOT_FOUND', scope: 'user' },
    });
  });

  it('says consent is gone as a failure beyond the user, and writes no policy after it', async () => {
    telephony.answers.assignNumber = refuse(
      new MicrosoftError('auth_revoked', 'gone', { status: 401 }),
    );
    expect(await write(item('assign'), teams(), POLICY)).toMatchObject({
      result: 'failed',
      failure: { code: 'CONSENT_REVOKED', scope: 'tenant' },
    });
    expect(telephony.writes).toEqual(['assignNumber']);
  });

  it("gives a wave's users the policy in one call, after their numbers", async () => {
    const wave = ['u1', 'u2', 'u3'].map((id) => ({
      item: item('assign', id),
      current: teams({ id }),
    }));
    const outcomes = await writer.writeWave('t', wave, POLICY);
    expect(outcomes.map((o) => o.result)).toEqual(['succeeded', 'succeeded', 'succeeded']);
    expect(telephony.writes).toEqual([
      'assignNumber',
      'assignNumber',
      'assignNumber',
      'assignPolicy',
    ]);
    expect(telephony.policyCalls).toEqual([['u1', 'u2', 'u3']]);
  });

  it('tries each user alone when Teams refuses a policy call for one of them: only that one fails', async () => {
    telephony.answers.assignPolicy = async (userIds) => {
      if (userIds.includes('u2'))
        throw new MicrosoftError('not_found', 'no such user', { status: 404 });
    };
    const wave = ['u1', 'u2', 'u3'].map((id) => ({
      item: item('assign', id),
      current: teams({ id }),
    }));
    const outcomes = await writer.writeWave('t', wave, POLICY);
    expect(outcomes.map((o) => o.result)).toEqual(['succeeded', 'failed', 'succeeded']);
    expect(telephony.policyCalls).toEqual([['u1', 'u2', 'u3'], ['u1'], ['u2'], ['u3']]);
  });

  it('releases the number and our policy on removal, and nothing that is not there', async () => {
    await write(item('remove'), inLine, POLICY);
    expect(telephony.writes).toEqual(['unassignNumber', 'unassignPolicy']);

    telephony.writes = [];
    const someoneElses = {
      ...inLine,
      numbers: ['+14255550199'],
      voiceRoutingPolicyId: 'theirs',
      voiceRoutingPolicyName: 'Theirs',
    };
    expect(await write(item('remove'), someoneElses, POLICY)).toMatchObject({
      result: 'unchanged',
    });
    expect(await write(item('remove'), null, POLICY)).toMatchObject({
      result: 'unchanged',
    });
    expect(telephony.writes).toEqual([]);
  });
});
