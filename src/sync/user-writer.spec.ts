import { TeamsUserSettings } from '../microsoft/directory-records';
import { MicrosoftError } from '../microsoft/microsoft-error';
import { OperationOutcome, TeamsTelephony } from '../microsoft/teams-telephony';
import { RunStopped } from './run-stopped';
import { RunItemEntity } from './sync.entities';
import { UserWriter } from './user-writer';

/** A Teams that records each write and answers as it is told. */
class RecordingTelephony extends TeamsTelephony {
  writes: string[] = [];
  answers: Partial<Record<string, () => Promise<OperationOutcome | void>>> = {};

  private async write(name: string): Promise<OperationOutcome> {
    this.writes.push(name);
    return ((await this.answers[name]?.()) as OperationOutcome | undefined) ?? { ok: true };
  }
  assignNumber = () => this.write('assignNumber');
  unassignNumber = () => this.write('unassignNumber');
  assignVoiceRoutingPolicy = async () => void (await this.write('assignPolicy'));
  unassignVoiceRoutingPolicy = async () => void (await this.write('unassignPolicy'));
}

const NUMBER = '+14255550100';
const item = (change: RunItemEntity['change']): RunItemEntity => ({
  runId: 'r',
  seq: 0,
  pbxUserId: 'p1',
  teamsUserId: 'u1',
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

  it('writes nothing for a user already in line', async () => {
    expect(await writer.write('t', item('assign'), inLine, POLICY)).toMatchObject({
      result: 'unchanged',
    });
    expect(telephony.writes).toEqual([]);
  });

  it('assigns the number, then the policy, and says what Teams now holds', async () => {
    const outcome = await writer.write('t', item('assign'), teams(), POLICY);
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
      expect(await writer.write('t', item('assign'), { ...inLine, ...held }, POLICY)).toMatchObject(
        {
          result: 'unchanged',
        },
      );
    expect(telephony.writes).toEqual([]);
  });

  it('writes only the policy when the number is already in place', async () => {
    await writer.write(
      't',
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
    const outcome = await writer.write('t', item('assign'), teams(), POLICY);
    expect(telephony.writes).toEqual(['assignNumber']);
    expect(outcome).toMatchObject({
      result: 'failed',
      failure: { code: 'NUMBER_HELD_BY_OTHER_USER', scope: 'user', retry: 'never' },
    });
  });

  it('records a user Teams does not know, without writing', async () => {
    expect(await writer.write('t', item('assign'), null, POLICY)).toMatchObject({
      failure: { code: 'TEAMS_USER_NOT_FOUND', scope: 'user' },
    });
    expect(telephony.writes).toEqual([]);
  });

  it('turns a throttled write into a failure of this user, written once (the call layer retried it)', async () => {
    telephony.answers.assignNumber = refuse(
      new MicrosoftError('transient', 'throttled', { status: 429 }),
    );
    expect(await writer.write('t', item('assign'), teams(), POLICY)).toMatchObject({
      failure: { code: 'THROTTLED', scope: 'user', retry: 'after' },
    });
    expect(telephony.writes).toEqual(['assignNumber']);
  });

  it('names a policy Teams refuses', async () => {
    telephony.answers.assignPolicy = refuse(
      new MicrosoftError('permanent', 'bad', { status: 400 }),
    );
    expect(await writer.write('t', item('assign'), teams(), POLICY)).toMatchObject({
      failure: { code: 'VOICE_ROUTING_POLICY_NOT_FOUND', scope: 'user' },
    });
  });

  it('stops the run when consent is gone', async () => {
    telephony.answers.assignNumber = refuse(
      new MicrosoftError('auth_revoked', 'gone', { status: 401 }),
    );
    const stopped = writer.write('t', item('assign'), teams(), POLICY);
    await expect(stopped).rejects.toBeInstanceOf(RunStopped);
    await expect(stopped).rejects.toMatchObject({
      failure: { code: 'CONSENT_REVOKED', scope: 'tenant' },
    });
  });

  it('releases the number and our policy on removal, and nothing that is not there', async () => {
    await writer.write('t', item('remove'), inLine, POLICY);
    expect(telephony.writes).toEqual(['unassignNumber', 'unassignPolicy']);

    telephony.writes = [];
    const someoneElses = {
      ...inLine,
      numbers: ['+14255550199'],
      voiceRoutingPolicyId: 'theirs',
      voiceRoutingPolicyName: 'Theirs',
    };
    expect(await writer.write('t', item('remove'), someoneElses, POLICY)).toMatchObject({
      result: 'unchanged',
    });
    expect(await writer.write('t', item('remove'), null, POLICY)).toMatchObject({
      result: 'unchanged',
    });
    expect(telephony.writes).toEqual([]);
  });
});
