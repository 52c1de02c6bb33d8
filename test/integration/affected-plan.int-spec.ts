import { DataSource } from 'typeorm';
import { openDatabase } from '../../src/database/database';
import { buildPlan } from '../../src/matching/engine/plan';
import { addressesOf, normaliseEmail, normaliseNumber } from '../../src/matching/engine/normalise';
import { ManualMapping, PlanEntry } from '../../src/matching/engine/types';
import { loadAffectedInput } from '../../src/snapshots/affected-input';
import { DEFAULT_NUMBER_REGION, loadPlanInput } from '../../src/snapshots/plan-input';
import {
  PbxUserEntity,
  TeamsSettingsEntity,
  TeamsUserEntity,
} from '../../src/snapshots/snapshot.entities';
import { SnapshotsRepository } from '../../src/snapshots/snapshots.repository';
import { TenantEntity } from '../../src/tenants/tenant.entity';
import { isolatedDatabase, IsolatedDatabase } from '../support/test-database';

/** A small deterministic random source, so that a failing case can be run again. */
function randomSource(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  return {
    int,
    chance: (p: number) => next() < p,
    pick: <T>(items: readonly T[]): T => items[int(items.length)],
  };
}
type Random = ReturnType<typeof randomSource>;

// Person i's address and number. Most users have their own; some take another's, so that users
// share addresses and numbers and a change reaches some users and not others.
const ADDRESSES = Array.from({ length: 60 }, (_, i) => `person${i}@contoso.example`);
const NUMBERS = Array.from({ length: 60 }, (_, i) => `+1425555${String(i).padStart(4, '0')}`);
// The person an id stands for: p07 and t07 are the same person on both sides.
const personOf = (id: string) => Number(id.replace(/\D/g, '')) % 60;
const own = <T>(pool: T[], i: number, r: Random): T => (r.chance(0.92) ? pool[i] : r.pick(pool));
const POLICY = { id: 'policy-1', name: 'PBX-Direct-Routing' };

type PbxRow = Omit<PbxUserEntity, 'emailKey'>;

function pbxRow(tenantId: string, id: string, i: number, r: Random): PbxRow {
  const email = r.chance(0.05)
    ? null
    : r.chance(0.2)
      ? own(ADDRESSES, i, r).toUpperCase()
      : own(ADDRESSES, i, r);
  const directNumber = r.chance(0.05) ? null : r.chance(0.05) ? '12' : own(NUMBERS, i, r);
  const number = normaliseNumber(directNumber, DEFAULT_NUMBER_REGION);
  return {
    tenantId,
    id,
    email,
    firstName: 'P',
    lastName: id,
    extension: id,
    directNumber,
    e164: number.ok ? number.e164 : null,
    numberProblem: number.ok ? null : number.reason,
    status: r.chance(0.85) ? 'active' : r.pick(['suspended', 'deleted'] as const),
    secureCalling: r.chance(0.05),
  };
}

function teamsRow(tenantId: string, id: string, i: number, r: Random): TeamsUserEntity {
  const upn = `${id}@contoso.example`;
  const aliases = Array.from(
    { length: r.chance(0.3) ? r.int(3) : 0 },
    () => `smtp:${r.pick(ADDRESSES)}`,
  );
  return {
    tenantId,
    id,
    userPrincipalName: r.chance(0.1) ? own(ADDRESSES, i, r) : upn,
    mail: r.chance(0.1) ? null : r.chance(0.1) ? upn : own(ADDRESSES, i, r),
    proxyAddresses: [`SMTP:${upn}`, ...aliases],
    displayName: id,
    accountEnabled: r.chance(0.9),
    userType: r.chance(0.9) ? 'Member' : 'Guest',
    hasPhoneSystem: r.chance(0.85),
  };
}

function settingsRow(tenantId: string, userId: string, i: number, r: Random): TeamsSettingsEntity {
  const held = r.chance(0.6)
    ? []
    : [own(NUMBERS, i, r), ...(r.chance(0.1) ? [r.pick(NUMBERS)] : [])];
  const policy = r.chance(0.5) ? POLICY : null;
  return {
    tenantId,
    userId,
    accountType: r.chance(0.9) ? 'user' : 'resourceAccount',
    enterpriseVoice: r.chance(0.7),
    numbers: [...new Set(held)],
    voiceRoutingPolicyId: policy?.id ?? null,
    voiceRoutingPolicyName: policy?.name ?? null,
  };
}

/** Each PBX user's entries, for plans compared user by user. */
function byPbxUser(plan: PlanEntry[]): Map<string, PlanEntry[]> {
  const users = new Map<string, PlanEntry[]>();
  for (const e of plan) users.set(e.pbxUserId!, [...(users.get(e.pbxUserId!) ?? []), e]);
  return users;
}

describe(`the plan of the users some changes affect, on ${process.env.DATABASE_URL ? 'PostgreSQL' : 'SQLite'}`, () => {
  let db: IsolatedDatabase;
  let ds: DataSource;
  let rows: SnapshotsRepository;

  beforeAll(async () => {
    db = await isolatedDatabase();
    ds = await openDatabase(db.settings);
    rows = new SnapshotsRepository(ds);
  });
  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  /**
   * A random tenant is planned whole and its waiting users noted; then some PBX and Microsoft 365
   * users change. Every user whose entry in the whole tenant's plan changed must be among those
   * the changes affect, and their plan must give them the whole plan's entries.
   */
  it('gives the affected users the whole plan’s entries, and leaves no changed entry out', async () => {
    let compared = 0;
    let shortOfSeats = 0;
    let narrower = 0;
    for (let seed = 1; seed <= 60; seed++) {
      const r = randomSource(seed);
      const tenant = await newTenant(seed, r);
      const tid = tenant.id;
      const pbxIds = Array.from({ length: 50 }, (_, i) => `p${String(i).padStart(2, '0')}`);
      const teamsIds = Array.from({ length: 40 }, (_, i) => `t${String(i).padStart(2, '0')}`);
      const pbx = new Map(pbxIds.map((id) => [id, pbxRow(tid, id, personOf(id), r)]));
      const teams = new Map(teamsIds.map((id) => [id, teamsRow(tid, id, personOf(id), r)]));
      // Some settings have no Microsoft 365 user (a resource account's number, say).
      const settings = new Map(
        [...teamsIds.filter(() => r.chance(0.85)), 'orphan-1', 'orphan-2'].map((id) => [
          id,
          settingsRow(tid, id, personOf(id), r),
        ]),
      );
      const mappings: ManualMapping[] = Array.from({ length: r.int(6) }, () => ({
        pbxUserId: r.chance(0.9) ? r.pick(pbxIds) : 'p-gone',
        teamsUserId: r.chance(0.9) ? r.pick(teamsIds) : 't-gone',
      })).filter((m, i, all) => all.findIndex((o) => o.pbxUserId === m.pbxUserId) === i);
      await rows.upsertPbxUsers([...pbx.values()]);
      await rows.upsertTeamsUsers([...teams.values()]);
      await rows.upsertTeamsSettings([...settings.values()]);
      // A few pairs synced earlier that no longer hold, beside those the runs below make.
      await rows.pinLinks(
        Array.from({ length: r.int(8) }, () => ({
          tenantId: tid,
          pbxUserId: r.pick(pbxIds),
          teamsUserId: r.pick(teamsIds),
          number: r.pick(NUMBERS),
        })),
        new Date(),
      );
      const wholePlan = async () => buildPlan(await loadPlanInput(rows, tenant, mappings, POLICY));

      // As a recorded plan does: pairs already right in Teams are taken over as synced.
      await rows.pinLinks(
        (await wholePlan())
          .filter((e) => e.change === 'unchanged' && !e.synced)
          .map((e) => ({
            tenantId: tid,
            pbxUserId: e.pbxUserId!,
            teamsUserId: e.teamsUserId!,
            number: e.number!,
          })),
        new Date(),
      );
      // As runs do: the plan is applied in Teams, until nothing is left to apply.
      let before = await wholePlan();
      for (let round = 0; round < 3 && before.some(actionable); round++) {
        await applyInTeams(tid, before, settings);
        before = await wholePlan();
      }
      const waiting = before
        .filter((e) => actionable(e) || e.reason === 'NO_SEAT_LEFT')
        .map((e) => e.pbxUserId!);

      // Some users change on each side; each brings what it had before the change.
      const seeds = {
        pbxUserIds: [...waiting],
        teamsUserIds: [] as string[],
        addresses: [] as string[],
        numbers: [] as string[],
      };
      const changedPbx: PbxRow[] = [];
      for (let k = r.int(4) + 1; k > 0; k--) {
        const id = r.chance(0.8) ? r.pick(pbxIds) : `p-new-${k}`;
        const old = pbx.get(id);
        if (old) {
          const email = normaliseEmail(old.email);
          if (email) seeds.addresses.push(email);
          if (old.e164) seeds.numbers.push(old.e164);
        }
        const row = pbxRow(tid, id, personOf(id), r);
        pbx.set(id, row);
        changedPbx.push(row);
        seeds.pbxUserIds.push(id);
      }
      await rows.upsertPbxUsers(changedPbx);
      for (let k = r.int(4) + 1; k > 0; k--) {
        const id = r.chance(0.85) ? r.pick(teamsIds) : `t-new-${k}`;
        const old = teams.get(id);
        if (old) seeds.addresses.push(...addressesOf(old));
        seeds.numbers.push(...(settings.get(id)?.numbers ?? []));
        seeds.teamsUserIds.push(id);
        if (old && r.chance(0.15)) {
          await rows.removeTeamsUsers(tid, [id]);
          teams.delete(id);
          settings.delete(id);
          continue;
        }
        const row = teamsRow(tid, id, personOf(id), r);
        teams.set(id, row);
        await rows.upsertTeamsUsers([row]);
        if (r.chance(0.8)) {
          const s = settingsRow(tid, id, personOf(id), r);
          settings.set(id, s);
          await rows.upsertTeamsSettings([s]);
        }
      }

      const after = await wholePlan();
      const part = await loadAffectedInput(rows, tenant, mappings, POLICY, seeds);
      const partPlan = buildPlan(part.input);
      // Seats running short send the run to the whole tenant's plan.
      if (partPlan.some((e) => e.reason === 'NO_SEAT_LEFT')) {
        shortOfSeats++;
        continue;
      }
      const [was, is, got] = [byPbxUser(before), byPbxUser(after), byPbxUser(partPlan)];
      for (const id of new Set([...was.keys(), ...is.keys()]))
        if (!part.pbxUserIds.has(id))
          expect({ seed, id, entries: is.get(id) }).toEqual({ seed, id, entries: was.get(id) });
      for (const id of part.pbxUserIds)
        expect({ seed, id, entries: got.get(id) }).toEqual({ seed, id, entries: is.get(id) });
      expect(part.syncedNow).toBe((await rows.syncedLinks(tid)).length);
      if (part.pbxUserIds.size < pbx.size / 2) narrower++;
      compared++;
    }
    // Most cases are compared; a few run short of seats on purpose.
    expect(compared).toBeGreaterThanOrEqual(45);
    expect(shortOfSeats).toBeGreaterThan(0);
    // And the point of it: most changes reach a small part of the tenant.
    expect(narrower).toBeGreaterThan(compared / 2);
  });

  const actionable = (e: PlanEntry) => ['assign', 'update', 'remove'].includes(e.change);

  /** What a run that succeeds for everyone leaves: numbers and policy moved, pairs linked. */
  async function applyInTeams(
    tenantId: string,
    plan: PlanEntry[],
    settings: Map<string, TeamsSettingsEntity>,
  ): Promise<void> {
    const write = async (
      userId: string,
      change: (s: TeamsSettingsEntity) => TeamsSettingsEntity,
    ) => {
      const current = settings.get(userId) ?? {
        tenantId,
        userId,
        accountType: 'user',
        enterpriseVoice: false,
        numbers: [],
        voiceRoutingPolicyId: null,
        voiceRoutingPolicyName: null,
      };
      const next = change(current);
      settings.set(userId, next);
      await rows.upsertTeamsSettings([next]);
    };
    for (const e of plan.filter((e) => e.change === 'remove')) {
      await rows.releaseLinks(tenantId, [e.pbxUserId!]);
      await write(e.teamsUserId!, (s) => ({
        ...s,
        numbers: s.numbers.filter((n) => n !== e.number),
        voiceRoutingPolicyId: null,
        voiceRoutingPolicyName: null,
      }));
    }
    for (const e of plan.filter((e) => e.change === 'assign' || e.change === 'update')) {
      await rows.pinLinks(
        [{ tenantId, pbxUserId: e.pbxUserId!, teamsUserId: e.teamsUserId!, number: e.number! }],
        new Date(),
      );
      await write(e.teamsUserId!, (s) => ({
        ...s,
        numbers: [e.number!],
        enterpriseVoice: true,
        voiceRoutingPolicyId: POLICY.id,
        voiceRoutingPolicyName: POLICY.name,
      }));
    }
  }

  async function newTenant(seed: number, r: Random): Promise<TenantEntity> {
    const now = new Date();
    const id = `00000000-0000-4000-8000-${String(seed).padStart(12, '0')}`;
    await ds.getRepository(TenantEntity).insert({
      id,
      name: `Tenant ${seed}`,
      // Now and then too few seats for everyone.
      connectorSeats: r.chance(0.15) ? r.int(12) : 100,
      createdAt: now,
      updatedAt: now,
    });
    const tenant = await ds.getRepository(TenantEntity).findOneByOrFail({ id });
    tenant.syncMode = r.chance(0.2) ? 'manual' : 'automatic';
    return tenant;
  }
});
