import { PbxUser, PlanInput, TeamsUser } from '../matching/engine/types';
import { MappingDirectory } from './mapping-directory';
import { MappingImport } from './mapping-import';

const pbx = (id: string, email: string | null): PbxUser => ({
  id,
  email,
  firstName: id,
  lastName: 'PBX',
  extension: '100',
  directNumber: null,
  status: 'active',
});

const teams = (id: string, upn: string, extra: Partial<TeamsUser> = {}): TeamsUser => ({
  id,
  userPrincipalName: upn,
  mail: upn,
  proxyAddresses: [],
  displayName: upn,
  accountEnabled: true,
  userType: 'Member',
  hasPhoneSystem: true,
  accountType: 'user',
  numbers: [],
  enterpriseVoiceEnabled: false,
  voiceRoutingPolicyId: null,
  voiceRoutingPolicyName: null,
  ...extra,
});

const ID = (n: number) => `00000000-0000-4000-8000-00000000000${n}`;

function directory(manual: [string, string][] = []) {
  const input: PlanInput = {
    mode: 'automatic',
    pbxUsers: [
      pbx('p-ada', 'ada@c.example'),
      pbx('p-bob', 'bob.old@pbx.example'),
      pbx('p-cy', null),
      pbx('p-dee', 'dee@c.example'),
    ],
    teamsUsers: [
      teams(ID(1), 'ada@c.example'),
      teams(ID(2), 'bob@c.example', {
        proxyAddresses: ['SMTP:bob@c.example', 'smtp:robert@c.example'],
      }),
      teams(ID(3), 'cy@c.example'),
      teams(ID(4), 'guest_x#EXT#@c.example', { userType: 'Guest', mail: 'x@partner.example' }),
      teams(ID(5), 'gone@c.example', { accountEnabled: false }),
      teams(ID(6), 'dee@c.example'),
      teams(ID(7), 'twin1@c.example', { proxyAddresses: ['smtp:shared@c.example'] }),
      teams(ID(8), 'twin2@c.example', { proxyAddresses: ['smtp:shared@c.example'] }),
    ],
    manualMappings: manual.map(([pbxUserId, teamsUserId]) => ({ pbxUserId, teamsUserId })),
    syncedLinks: [],
    numberHolders: new Map(),
    connectorSeats: 10,
    voiceRoutingPolicy: null,
    defaultRegion: 'US',
  };
  const directory = new MappingDirectory(input.mode, input.manualMappings, input.syncedLinks);
  directory.addPbxUsers(input.pbxUsers);
  directory.addTeamsUsers(input.teamsUsers);
  return directory;
}

function run(rows: [string, string][], manual: [string, string][] = []) {
  const check = new MappingImport(directory(manual), new Map(manual));
  rows.forEach(([p, t], i) => check.add(i + 2, p, t));
  return check.finish();
}

const codes = (outcome: ReturnType<typeof run>) =>
  outcome.rejected.map((r) => [r.line, r.column, r.code]);

describe('a mapping import', () => {
  it('finds the Teams user by UPN, e-mail, smtp alias or object id, any case', () => {
    const outcome = run([
      ['p-bob', 'smtp:Robert@C.example'],
      ['p-cy', ID(3).toUpperCase()],
    ]);
    expect(outcome.rejected).toEqual([]);
    expect(outcome.changes.map((c) => [c.pbxUserId, c.teamsUserId, c.kind])).toEqual([
      ['p-bob', ID(2), 'create'],
      ['p-cy', ID(3), 'create'],
    ]);
  });

  it('reports each bad row with line, column and code, and then changes nothing', () => {
    const outcome = run([
      ['p-bob', 'bob@c.example'],
      ['p-404', 'cy@c.example'],
      ['p-bob', 'cy@c.example'],
      ['p-cy', 'nobody@c.example'],
      ['p-cy', 'x@partner.example'],
      ['p-dee', 'gone@c.example'],
      ['', 'cy@c.example'],
    ]);
    expect(codes(outcome)).toEqual([
      [3, 'PBX user id', 'PBX_USER_UNKNOWN'],
      [4, 'PBX user id', 'PBX_USER_DUPLICATE'],
      [5, 'Teams user', 'TEAMS_USER_UNKNOWN'],
      [6, 'PBX user id', 'PBX_USER_DUPLICATE'],
      [7, 'Teams user', 'TEAMS_USER_DISABLED'],
      [8, 'PBX user id', 'PBX_USER_ID_MISSING'],
    ]);
    expect(outcome.rejected[1].message).toContain('Also on line 2.');
    expect(outcome.changes).toEqual([]);
  });

  it('refuses guests, an address two users share, and one Teams user for two PBX users', () => {
    const outcome = run([
      ['p-bob', 'x@partner.example'],
      ['p-cy', 'shared@c.example'],
      ['p-dee', 'cy@c.example'],
      ['p-bob', 'ignored-duplicate@c.example'],
    ]);
    expect(codes(outcome)).toEqual([
      [2, 'Teams user', 'TEAMS_USER_GUEST'],
      [3, 'Teams user', 'TEAMS_USER_AMBIGUOUS'],
      [5, 'PBX user id', 'PBX_USER_DUPLICATE'],
    ]);
    const twice = run([
      ['p-bob', 'cy@c.example'],
      ['p-cy', 'cy@c.example'],
    ]);
    expect(codes(twice)).toEqual([[3, 'Teams user', 'TEAMS_USER_DUPLICATE']]);
    expect(twice.rejected[0].message).toContain('Line 2 gives cy@c.example to PBX user "p-bob"');
  });

  it('names who already has a Teams user, unless the same file moves them', () => {
    const taken = run([['p-cy', 'ada@c.example']]);
    expect(codes(taken)).toEqual([[2, 'Teams user', 'TEAMS_USER_MATCHED_ELSEWHERE']]);
    expect(taken.rejected[0].message).toContain(
      'matched (automatically) to PBX user "p-ada" (ada@c.example)',
    );
    const moved = run([
      ['p-cy', 'ada@c.example'],
      ['p-ada', 'dee@c.example'],
    ]);
    // Dee is matched to p-dee by e-mail: that is the next conflict, and the only one.
    expect(codes(moved)).toEqual([[3, 'Teams user', 'TEAMS_USER_MATCHED_ELSEWHERE']]);
    const byHand = run([['p-dee', 'bob@c.example']], [['p-bob', ID(2)]]);
    expect(byHand.rejected[0].message).toContain('matched (by hand) to PBX user "p-bob"');
  });

  it('reports replacements, removals and unchanged rows; blank Teams cells change nothing', () => {
    const outcome = run(
      [
        ['p-bob', 'robert@c.example'],
        ['p-cy', 'bob@c.example'],
        ['p-dee', 'remove'],
        ['p-ada', ''],
        ['p-gone-since', ''],
      ],
      [
        ['p-bob', ID(2)],
        ['p-cy', ID(3)],
        ['p-dee', ID(6)],
      ],
    );
    expect(codes(outcome)).toEqual([[3, 'Teams user', 'TEAMS_USER_DUPLICATE']]);
    const ok = run(
      [
        ['p-bob', 'robert@c.example'],
        ['p-cy', 'ada@c.example'],
        ['p-ada', 'cy@c.example'],
        ['p-dee', 'REMOVE'],
      ],
      [
        ['p-bob', ID(2)],
        ['p-cy', ID(3)],
        ['p-dee', ID(6)],
      ],
    );
    expect(ok.rejected).toEqual([]);
    expect(ok.changes.map((c) => [c.pbxUserId, c.kind, c.previousTeamsUserId])).toEqual([
      ['p-bob', 'unchanged', ID(2)],
      ['p-cy', 'replace', ID(3)],
      ['p-ada', 'create', null],
      ['p-dee', 'remove', ID(6)],
    ]);
    expect(ok.summary).toMatchObject({ rows: 4, create: 1, replace: 1, remove: 1, unchanged: 1 });
  });

  it('reads back a cell the service neutralised when it wrote the file', () => {
    const outcome = run([["'-p", 'cy@c.example']]);
    expect(codes(outcome)).toEqual([[2, 'PBX user id', 'PBX_USER_UNKNOWN']]);
    expect(outcome.rejected[0].message).toContain('"-p"');
  });
});
