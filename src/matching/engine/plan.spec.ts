import fc from 'fast-check';
import { buildPlan, summarisePlan } from './plan';
import { REASONS } from './reasons';
import { PbxUser, PlanEntry, PlanInput, TeamsUser } from './types';

let seq = 0;
const pbx = (o: Partial<PbxUser> = {}): PbxUser => {
  const n = ++seq;
  return {
    id: `p${String(n).padStart(3, '0')}`,
    email: `user${n}@contoso.example`,
    directNumber: `+1425200${String(n).padStart(4, '0')}`,
    status: 'active',
    ...o,
  };
};
const teams = (o: Partial<TeamsUser> & { id: string }): TeamsUser => ({
  userPrincipalName: `${o.id}@contoso.example`,
  mail: null,
  proxyAddresses: [],
  accountEnabled: true,
  userType: 'Member',
  hasPhoneSystem: true,
  accountType: 'user',
  numbers: [],
  enterpriseVoiceEnabled: false,
  voiceRoutingPolicyId: null,
  voiceRoutingPolicyName: null,
  ...o,
});
const input = (o: Partial<PlanInput>): PlanInput => ({
  mode: 'automatic',
  pbxUsers: [],
  teamsUsers: [],
  manualMappings: [],
  syncedLinks: [],
  numberHolders: new Map(),
  connectorSeats: 100,
  voiceRoutingPolicy: { id: 'policy-1', name: 'PBX-Direct-Routing' },
  defaultRegion: 'US',
  ...o,
});
const only = (entries: PlanEntry[], pbxUserId: string) =>
  entries
    .filter((e) => e.pbxUserId === pbxUserId)
    .map((e) => [e.change, e.reason, e.teamsUserId, e.method]);

describe('buildPlan: matching', () => {
  it.each<
    [
      string,
      Partial<PbxUser>,
      Partial<TeamsUser> & { id: string },
      [string, string | null, string | null, string | null],
    ]
  >([
    [
      'matches on mail',
      { email: 'ada@contoso.example' },
      { id: 't1', mail: 'ada@contoso.example' },
      ['assign', null, 't1', 'automatic'],
    ],
    [
      'matches on the user principal name',
      { email: 'ada@contoso.example' },
      { id: 't1', userPrincipalName: 'ada@contoso.example' },
      ['assign', null, 't1', 'automatic'],
    ],
    [
      'matches on an smtp: alias',
      { email: 'a.l@contoso.example' },
      { id: 't1', proxyAddresses: ['SMTP:ada@contoso.example', 'smtp:a.l@contoso.example'] },
      ['assign', null, 't1', 'automatic'],
    ],
    [
      'ignores non-smtp proxy addresses',
      { email: 'ada@contoso.example' },
      { id: 't1', proxyAddresses: ['SIP:ada@contoso.example'] },
      ['unmatched', 'NO_TEAMS_USER', null, null],
    ],
    [
      'trims and case-folds',
      { email: '  ADA@Contoso.Example ' },
      { id: 't1', mail: 'ada@contoso.example' },
      ['assign', null, 't1', 'automatic'],
    ],
    [
      'normalises Unicode (NFD against NFC)',
      { email: 'ZOË.MÜLLER@contoso.example'.normalize('NFD') },
      { id: 't1', mail: 'zoë.müller@contoso.example'.normalize('NFC') },
      ['assign', null, 't1', 'automatic'],
    ],
    [
      'refuses guests',
      { email: 'ada@partner.example' },
      { id: 't1', mail: 'ada@partner.example', userType: 'Guest' },
      ['unmatched', 'GUEST_ACCOUNT', null, null],
    ],
    [
      'refuses disabled accounts',
      { email: 'ada@contoso.example' },
      { id: 't1', mail: 'ada@contoso.example', accountEnabled: false },
      ['unmatched', 'ACCOUNT_DISABLED', null, null],
    ],
    [
      'needs an e-mail address',
      { email: '  ' },
      { id: 't1', mail: 'ada@contoso.example' },
      ['unmatched', 'PBX_USER_WITHOUT_EMAIL', null, null],
    ],
    [
      'skips suspended PBX users',
      { email: 'ada@contoso.example', status: 'suspended' },
      { id: 't1', mail: 'ada@contoso.example' },
      ['unmatched', 'PBX_USER_SUSPENDED', null, null],
    ],
    [
      'reports an unknown address',
      { email: 'nobody@contoso.example' },
      { id: 't1', mail: 'ada@contoso.example' },
      ['unmatched', 'NO_TEAMS_USER', null, null],
    ],
  ])('%s', (_, pbxOverrides, teamsUser, expected) => {
    const user = pbx(pbxOverrides);
    expect(
      only(buildPlan(input({ pbxUsers: [user], teamsUsers: [teams(teamsUser)] })), user.id),
    ).toEqual([expected]);
  });

  it('refuses an address two Teams users claim', () => {
    const user = pbx({ email: 'ada@contoso.example' });
    const plan = buildPlan(
      input({
        pbxUsers: [user],
        teamsUsers: [
          teams({ id: 't1', mail: 'ada@contoso.example' }),
          teams({ id: 't2', proxyAddresses: ['smtp:ada@contoso.example'] }),
        ],
      }),
    );
    expect(only(plan, user.id)).toEqual([['unmatched', 'AMBIGUOUS_ADDRESS', null, null]]);
  });

  it('lets a manual mapping override the automatic match, and reports a stale one', () => {
    const mapped = pbx({ email: 'ada@contoso.example' });
    const stale = pbx();
    const plan = buildPlan(
      input({
        pbxUsers: [mapped, stale],
        teamsUsers: [teams({ id: 't1', mail: 'ada@contoso.example' }), teams({ id: 't2' })],
        manualMappings: [
          { pbxUserId: mapped.id, teamsUserId: 't2' },
          { pbxUserId: stale.id, teamsUserId: 'gone' },
          { pbxUserId: 'left-the-pbx', teamsUserId: 't1' },
        ],
      }),
    );
    expect(only(plan, mapped.id)).toEqual([['assign', null, 't2', 'manual']]);
    // A mapping one of whose users has gone is a conflict with its reason, never dropped.
    expect(only(plan, stale.id)).toEqual([['conflict', 'MANUAL_MAPPING_STALE', 'gone', 'manual']]);
    expect(only(plan, 'left-the-pbx')).toEqual([
      ['conflict', 'MANUAL_MAPPING_PBX_GONE', 't1', 'manual'],
    ]);
  });

  it('keeps a synced pair on its Teams object id after the address changes (pinned)', () => {
    const user = pbx({ email: 'ada@contoso.example' });
    const renamed = teams({
      id: 't1',
      userPrincipalName: 'ada.lovelace@contoso.example',
      numbers: [user.directNumber!],
      enterpriseVoiceEnabled: true,
      voiceRoutingPolicyId: 'policy-1',
    });
    const plan = buildPlan(
      input({
        pbxUsers: [user],
        teamsUsers: [renamed],
        syncedLinks: [{ pbxUserId: user.id, teamsUserId: 't1', number: user.directNumber! }],
      }),
    );
    expect(only(plan, user.id)).toEqual([['unchanged', null, 't1', 'pinned']]);
  });

  it('syncs only mapped users in manual mode: nothing by e-mail, no earlier pair without a mapping', () => {
    const auto = pbx({ email: 'ada@contoso.example' });
    const earlier = pbx({ email: 'bob@contoso.example' });
    const mapped = pbx({ email: 'cy@pbx.example' });
    const plan = buildPlan(
      input({
        mode: 'manual',
        pbxUsers: [auto, earlier, mapped],
        teamsUsers: [
          teams({ id: 't1', mail: 'ada@contoso.example' }),
          teams({ id: 't2', mail: 'bob@contoso.example' }),
          teams({ id: 't3', mail: 'cy@contoso.example' }),
        ],
        manualMappings: [{ pbxUserId: mapped.id, teamsUserId: 't3' }],
        syncedLinks: [{ pbxUserId: earlier.id, teamsUserId: 't2', number: earlier.directNumber! }],
      }),
    );
    expect(only(plan, auto.id)).toEqual([['unmatched', 'NOT_MAPPED', null, null]]);
    expect(only(plan, earlier.id)).toEqual([
      ['remove', 'NO_LONGER_MATCHED', 't2', null],
      ['unmatched', 'NOT_MAPPED', null, null],
    ]);
    expect(only(plan, mapped.id)).toEqual([['assign', null, 't3', 'manual']]);
    // ada needs a mapping, bob's pair goes: two users to fix, each counted once.
    expect(summarisePlan(plan, 10, 1).missingToRemove).toBe(2);
  });
});

describe('buildPlan: outcomes', () => {
  it.each<[string, Partial<PbxUser>, Partial<TeamsUser>, string, string | null]>([
    ['assigns a new pair', {}, {}, 'assign', null],
    [
      'leaves a pair already right in Teams',
      {},
      { enterpriseVoiceEnabled: true, voiceRoutingPolicyId: 'policy-1' },
      'unchanged',
      null,
    ],
    [
      'blocks a user without Teams Phone',
      {},
      { hasPhoneSystem: false },
      'blocked',
      'MISSING_PHONE_SYSTEM_LICENSE',
    ],
    ['blocks an invalid number', { directNumber: '+1555123' }, {}, 'blocked', 'INVALID_NUMBER'],
    ['blocks an extension-only user', { directNumber: null }, {}, 'blocked', 'NO_DIRECT_NUMBER'],
    [
      'blocks a resource account',
      {},
      { accountType: 'resourceAccount' },
      'blocked',
      'ACCOUNT_TYPE_UNSUPPORTED',
    ],
    [
      'blocks a PBX user with secure calling on, until it is turned off',
      { secureCalling: true },
      {},
      'blocked',
      'PBX_SECURE_CALLING_ON',
    ],
  ])('%s', (_, pbxOverrides, teamsOverrides, change, reason) => {
    const user = pbx({ email: 'ada@contoso.example', ...pbxOverrides });
    const t = teams({
      id: 't1',
      mail: 'ada@contoso.example',
      numbers: change === 'unchanged' ? [user.directNumber!] : [],
      ...teamsOverrides,
    });
    expect(
      buildPlan(input({ pbxUsers: [user], teamsUsers: [t] })).map((e) => [e.change, e.reason]),
    ).toEqual([[change, reason]]);
  });

  it('writes numbers as E.164, from national formats too', () => {
    const user = pbx({ email: 'ada@contoso.example', directNumber: '(425) 200-1234' });
    expect(
      buildPlan(
        input({ pbxUsers: [user], teamsUsers: [teams({ id: 't1', mail: 'ada@contoso.example' })] }),
      )[0].number,
    ).toBe('+14252001234');
  });

  it('uses the number worked out when the PBX user was read', () => {
    const user = pbx({
      email: 'ada@contoso.example',
      directNumber: 'ignored',
      number: { ok: true, e164: '+14252001111' },
    });
    expect(
      buildPlan(
        input({ pbxUsers: [user], teamsUsers: [teams({ id: 't1', mail: 'ada@contoso.example' })] }),
      )[0],
    ).toMatchObject({ change: 'assign', number: '+14252001111' });
  });

  it('updates a synced pair whose number or policy differs, and frees the old number', () => {
    const user = pbx({ email: 'ada@contoso.example', directNumber: '+14252009999' });
    const t = teams({
      id: 't1',
      mail: 'ada@contoso.example',
      numbers: ['+14252000001'],
      enterpriseVoiceEnabled: true,
      voiceRoutingPolicyId: 'policy-1',
    });
    const plan = buildPlan(
      input({
        pbxUsers: [user],
        teamsUsers: [t],
        syncedLinks: [{ pbxUserId: user.id, teamsUserId: 't1', number: '+14252000001' }],
      }),
    );
    expect(plan.map((e) => [e.change, e.number, e.synced])).toEqual([
      ['update', '+14252009999', true],
    ]);
  });

  it('blocks a number another Teams user holds, unless this plan releases it', () => {
    const taker = pbx({ email: 'ada@contoso.example', directNumber: '+14252000777' });
    const leaver = pbx({ status: 'deleted' });
    const holders = new Map([['+14252000777', 't-other']]);
    const base = {
      pbxUsers: [taker, leaver],
      teamsUsers: [
        teams({ id: 't1', mail: 'ada@contoso.example' }),
        teams({ id: 't-other', numbers: ['+14252000777'] }),
      ],
      numberHolders: holders,
    };
    expect(only(buildPlan(input(base)), taker.id)).toEqual([
      ['blocked', 'NUMBER_HELD_BY_OTHER_USER', 't1', 'automatic'],
    ]);

    const released = buildPlan(
      input({
        ...base,
        syncedLinks: [{ pbxUserId: leaver.id, teamsUserId: 't-other', number: '+14252000777' }],
      }),
    );
    expect(only(released, taker.id)).toEqual([['assign', null, 't1', 'automatic']]);
    expect(only(released, leaver.id)).toEqual([['remove', 'PBX_USER_GONE', 't-other', null]]);
  });

  it('removes pairs whose Teams user is gone or that no longer match', () => {
    const gone = pbx();
    const moved = pbx({ email: 'new@contoso.example' });
    const plan = buildPlan(
      input({
        pbxUsers: [gone, moved],
        teamsUsers: [
          teams({ id: 't2', mail: 'new@contoso.example' }),
          teams({ id: 't3', accountEnabled: false }),
        ],
        syncedLinks: [
          { pbxUserId: gone.id, teamsUserId: 't-deleted', number: gone.directNumber! },
          { pbxUserId: moved.id, teamsUserId: 't3', number: moved.directNumber! },
        ],
      }),
    );
    expect(only(plan, gone.id)).toEqual([
      ['remove', 'TEAMS_USER_GONE', 't-deleted', null],
      ['unmatched', 'NO_TEAMS_USER', null, null],
    ]);
    expect(only(plan, moved.id)).toEqual([
      ['assign', null, 't2', 'automatic'],
      ['remove', 'NO_LONGER_MATCHED', 't3', null],
    ]);
  });

  it('gives the last seats in a stable order and blocks the rest', () => {
    const users = [pbx(), pbx(), pbx()];
    const plan = buildPlan(
      input({
        connectorSeats: 2,
        pbxUsers: [...users].reverse(),
        teamsUsers: users.map((u, i) => teams({ id: `t${i}`, mail: u.email })),
      }),
    );
    expect(plan.map((e) => [e.pbxUserId, e.change, e.reason])).toEqual([
      [users[0].id, 'assign', null],
      [users[1].id, 'assign', null],
      [users[2].id, 'blocked', 'NO_SEAT_LEFT'],
    ]);
  });

  it('reports conflicts: one Teams user for two PBX users, one number for two PBX users', () => {
    const a = pbx({ email: 'ada@contoso.example' });
    const b = pbx({ email: 'ADA@contoso.example' });
    const c = pbx({ email: 'c@contoso.example', directNumber: '+14252005555' });
    const d = pbx({ email: 'd@contoso.example', directNumber: '+1 425 200 5555' });
    const plan = buildPlan(
      input({
        pbxUsers: [a, b, c, d],
        teamsUsers: [
          teams({ id: 't1', mail: 'ada@contoso.example' }),
          teams({ id: 'tc', mail: 'c@contoso.example' }),
          teams({ id: 'td', mail: 'd@contoso.example' }),
        ],
      }),
    );
    expect(plan.map((e) => [e.change, e.reason])).toEqual([
      ['conflict', 'TEAMS_USER_CLAIMED_TWICE'],
      ['conflict', 'TEAMS_USER_CLAIMED_TWICE'],
      ['conflict', 'NUMBER_CLAIMED_TWICE'],
      ['conflict', 'NUMBER_CLAIMED_TWICE'],
    ]);
  });

  it('summarises the five figures and the rest', () => {
    const users = [pbx(), pbx(), pbx()];
    const plan = buildPlan(
      input({
        connectorSeats: 10,
        pbxUsers: users.slice(0, 2),
        teamsUsers: users.map((u, i) => teams({ id: `t${i}`, mail: u.email })),
        syncedLinks: [
          { pbxUserId: users[2].id, teamsUserId: 't2', number: users[2].directNumber! },
        ],
      }),
    );
    expect(summarisePlan(plan, 10, 1)).toEqual({
      totalLicenses: 10,
      availableLicenses: 9,
      newMatchesToSync: 2,
      missingToRemove: 1,
      totalUsersAfterSync: 2,
      blocked: 0,
      conflicts: 0,
      unmatched: 0,
      unchanged: 0,
      updates: 0,
    });
  });

  it('has a message for every reason it can give', () => {
    for (const message of Object.values(REASONS)) expect(message).toMatch(/\.$/);
  });
});

describe('buildPlan: properties', () => {
  it('finds an address ambiguous whenever two or more users claim it, and a user named twice only once', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 1, maxLength: 12 }),
        (claimants) => {
          // Each entry is a Teams user (by number) claiming the shared alias; repeats are one user twice.
          const teamsUsers = claimants.map((n, i) =>
            teams({
              id: `t${n}`,
              mail: `own${i}@x.example`,
              proxyAddresses: ['smtp:shared@x.example'],
            }),
          );
          const plan = buildPlan(
            input({
              pbxUsers: [pbx({ id: 'p1', email: 'shared@x.example' })],
              teamsUsers,
            }),
          );
          const distinct = new Set(claimants).size;
          expect(plan.find((e) => e.pbxUserId === 'p1')!.reason).toBe(
            distinct > 1 ? 'AMBIGUOUS_ADDRESS' : null,
          );
        },
      ),
    );
  });

  it('gives the same plan for the same input in any order', () => {
    const people = fc.array(
      fc.record({
        n: fc.integer({ min: 0, max: 30 }),
        alias: fc.boolean(),
        upper: fc.boolean(),
        phone: fc.boolean(),
        seats: fc.integer({ min: 0, max: 40 }),
      }),
      { maxLength: 40 },
    );
    fc.assert(
      fc.property(people, fc.integer({ min: 0, max: 40 }), fc.integer(), (rows, seats, seed) => {
        const pbxUsers = rows.map((r, i) => ({
          id: `p${i}`,
          email: `${r.upper ? 'USER' : 'user'}${r.n}@x.example`,
          directNumber: `+1425200${String(r.n).padStart(4, '0')}`,
          status: 'active' as const,
        }));
        const teamsUsers = rows.map((r, i) =>
          teams({
            id: `t${i}`,
            mail: r.alias ? null : `user${r.n}@x.example`,
            proxyAddresses: r.alias ? [`smtp:user${r.n}@x.example`] : [],
            hasPhoneSystem: r.phone,
          }),
        );
        const shuffle = <T>(items: T[]) =>
          items
            .map((item, i) => ({ item, k: Math.sin(seed + i) }))
            .sort((a, b) => a.k - b.k)
            .map((x) => x.item);
        const a = buildPlan(input({ pbxUsers, teamsUsers, connectorSeats: seats }));
        const b = buildPlan(
          input({
            pbxUsers: shuffle(pbxUsers),
            teamsUsers: shuffle(teamsUsers),
            connectorSeats: seats,
          }),
        );
        expect(b).toEqual(a);
      }),
      { numRuns: 200 },
    );
  });
});
