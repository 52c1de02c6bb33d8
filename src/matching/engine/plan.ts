import { indexAddresses, matchUser } from './match';
import { holdsPolicy, PolicyRef } from './policy';
import { normaliseNumber, NumberResult } from './normalise';
import { ReasonCode } from './reasons';
import { MatchMethod, PbxUser, PlanEntry, PlanInput, SyncedLink, TeamsUser } from './types';

/** A PBX user paired with a Teams user, the number it would carry, and a conflict if any. */
interface Pair {
  pbx: PbxUser;
  teams: TeamsUser;
  method: MatchMethod;
  number: NumberResult;
  conflict: ReasonCode | null;
}

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const byEntry = (a: PlanEntry, b: PlanEntry) =>
  byText(a.pbxUserId ?? '', b.pbxUserId ?? '') ||
  byText(a.change, b.change) ||
  byText(a.teamsUserId ?? '', b.teamsUserId ?? '');

/**
 * The per-user plan of a sync: what to assign, update, remove or leave, and who is blocked,
 * in conflict or unmatched, with a reason. The same input in any order gives the same plan.
 * Each PBX user is looked up by id as few times as can be: at 100k users, map lookups are most
 * of the cost.
 */
export function buildPlan(input: PlanInput): PlanEntry[] {
  const teamsById = new Map(input.teamsUsers.map((u) => [u.id, u]));
  const linkByPbx = new Map(input.syncedLinks.map((l) => [l.pbxUserId, l]));
  const manualByPbx = new Map(input.manualMappings.map((m) => [m.pbxUserId, m]));
  const ctx = {
    mode: input.mode,
    teamsById,
    index: indexAddresses(input.teamsUsers),
    manualByPbx,
    linkByPbx,
  };

  // One outcome per PBX user, in id order: an entry, or a pair whose entry waits for conflicts.
  const outcomes: (PlanEntry | Pair)[] = [];
  const pairs: Pair[] = [];
  for (const pbx of [...input.pbxUsers].sort((a, b) => byText(a.id, b.id))) {
    if (pbx.status === 'deleted') continue;
    const result = matchUser(pbx, ctx);
    if (result.matched) {
      const number = pbx.number ?? normaliseNumber(pbx.directNumber, input.defaultRegion);
      const pair = { pbx, teams: result.teams, method: result.method, number, conflict: null };
      pairs.push(pair);
      outcomes.push(pair);
    } else if (result.reason === 'MANUAL_MAPPING_STALE')
      outcomes.push(staleMapping(pbx.id, manualByPbx.get(pbx.id)!.teamsUserId, result.reason));
    else
      outcomes.push({
        pbxUserId: pbx.id,
        teamsUserId: null,
        change: 'unmatched',
        method: null,
        number: null,
        reason: result.reason,
        synced: false,
      });
  }
  markConflicts(pairs);

  // Entries of PBX users who are gone: stale mappings and removed links.
  const others: PlanEntry[] = [];
  const pbxById =
    input.manualMappings.length + input.syncedLinks.length > 0
      ? new Map(input.pbxUsers.map((u) => [u.id, u]))
      : new Map<string, PbxUser>();
  // A mapping whose PBX user is gone is shown, never dropped in silence.
  for (const m of input.manualMappings) {
    const pbx = pbxById.get(m.pbxUserId);
    if (!pbx || pbx.status === 'deleted')
      others.push(staleMapping(m.pbxUserId, m.teamsUserId, 'MANUAL_MAPPING_PBX_GONE'));
  }

  // Links whose pair no longer stands are removed; their numbers are free for this plan.
  const pairByPbx = new Map(input.syncedLinks.length > 0 ? pairs.map((p) => [p.pbx.id, p]) : []);
  const removals = input.syncedLinks.filter((l) => {
    const pair = pairByPbx.get(l.pbxUserId);
    return !pair || (pair.conflict === null && pair.teams.id !== l.teamsUserId);
  });
  const released = new Set(removals.map((l) => l.number));
  for (const link of removals) {
    others.push({
      pbxUserId: link.pbxUserId,
      teamsUserId: link.teamsUserId,
      change: 'remove',
      method: null,
      number: link.number,
      reason: removalReason(link, pbxById, teamsById),
      synced: true,
    });
  }
  for (const p of pairs) {
    const link = linkByPbx.get(p.pbx.id);
    const number = e164(p.number);
    if (!p.conflict && link?.teamsUserId === p.teams.id && number && link.number !== number)
      released.add(link.number);
  }

  let seatsLeft = input.connectorSeats - (input.syncedLinks.length - removals.length);
  const entryOf = (p: Pair): PlanEntry => {
    const linked = linkByPbx.get(p.pbx.id)?.teamsUserId === p.teams.id;
    const reason =
      p.conflict ??
      blockReason(p, input, released) ??
      (!linked && seatsLeft <= 0 ? 'NO_SEAT_LEFT' : null);
    let change: PlanEntry['change'];
    if (p.conflict) change = 'conflict';
    else if (reason) change = 'blocked';
    else {
      if (!linked) seatsLeft--;
      change = inSync(p.teams, e164(p.number)!, input.voiceRoutingPolicy)
        ? 'unchanged'
        : linked
          ? 'update'
          : 'assign';
    }
    return {
      pbxUserId: p.pbx.id,
      teamsUserId: p.teams.id,
      change,
      method: p.method,
      number: e164(p.number),
      reason,
      synced: linked,
    };
  };
  // Seats go in PBX user id order.
  const main = outcomes.map((o) => ('pbx' in o ? entryOf(o) : o));
  return merged(main, others.sort(byEntry));
}

/** Two lists already in plan order, as one. */
function merged(a: PlanEntry[], b: PlanEntry[]): PlanEntry[] {
  if (b.length === 0) return a;
  const out: PlanEntry[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) out.push(byEntry(a[i], b[j]) <= 0 ? a[i++] : b[j++]);
  while (i < a.length) out.push(a[i++]);
  while (j < b.length) out.push(b[j++]);
  return out;
}

const e164 = (n: NumberResult | undefined) => (n?.ok ? n.e164 : null);

/** A manual mapping one of whose users is gone: a conflict for the admin to resolve. */
const staleMapping = (pbxUserId: string, teamsUserId: string, reason: ReasonCode): PlanEntry => ({
  pbxUserId,
  teamsUserId,
  change: 'conflict',
  method: 'manual',
  number: null,
  reason,
  synced: false,
});

/** Two PBX users on one Teams user (a manual mapping wins), or one number on two PBX users. */
function markConflicts(pairs: Pair[]): void {
  // Pairs sharing a key. Most keys are held once: one pass only notes the keys seen twice.
  const sharing = <K>(key: (p: Pair) => K | null): Iterable<Pair[]> => {
    const seen = new Set<K>();
    const twice = new Set<K>();
    for (const p of pairs) {
      const k = key(p);
      if (k === null) continue;
      if (seen.size === seen.add(k).size) twice.add(k);
    }
    if (twice.size === 0) return [];
    const groups = new Map<K, Pair[]>();
    for (const p of pairs) {
      const k = key(p);
      if (k === null || !twice.has(k)) continue;
      const group = groups.get(k);
      if (group) group.push(p);
      else groups.set(k, [p]);
    }
    return groups.values();
  };
  for (const claimants of sharing((p) => p.teams.id)) {
    const manual = claimants.filter((p) => p.method === 'manual');
    for (const p of claimants)
      if (manual.length !== 1 || p.method !== 'manual') p.conflict = 'TEAMS_USER_CLAIMED_TWICE';
  }
  for (const holders of sharing((p) => e164(p.number)))
    for (const p of holders) p.conflict = 'NUMBER_CLAIMED_TWICE';
}

function blockReason(
  { pbx, teams, number }: Pair,
  input: PlanInput,
  released: Set<string>,
): ReasonCode | null {
  if (pbx.secureCalling) return 'PBX_SECURE_CALLING_ON';
  if (!number.ok) return number.reason;
  if (teams.accountType !== 'user') return 'ACCOUNT_TYPE_UNSUPPORTED';
  if (!teams.hasPhoneSystem) return 'MISSING_PHONE_SYSTEM_LICENSE';
  const holder = input.numberHolders.get(number.e164);
  if (holder && holder !== teams.id && !released.has(number.e164))
    return 'NUMBER_HELD_BY_OTHER_USER';
  return null;
}

function inSync(teams: TeamsUser, number: string, policy: PolicyRef | null): boolean {
  return (
    teams.numbers.includes(number) &&
    teams.enterpriseVoiceEnabled &&
    (policy === null || holdsPolicy(teams, policy))
  );
}

function removalReason(
  link: SyncedLink,
  pbxById: Map<string, PbxUser>,
  teamsById: Map<string, TeamsUser>,
): ReasonCode {
  const pbx = pbxById.get(link.pbxUserId);
  if (!pbx || pbx.status !== 'active') return 'PBX_USER_GONE';
  if (!teamsById.has(link.teamsUserId)) return 'TEAMS_USER_GONE';
  return 'NO_LONGER_MATCHED';
}

/**
 * Unmatched for want of an address both sides share: the admin maps these users with the CSV.
 * With the synced users who no longer match, they are the "missing addresses to remove".
 */
export const ADDRESS_MISMATCH: ReasonCode[] = [
  'NO_TEAMS_USER',
  'NOT_MAPPED',
  'AMBIGUOUS_ADDRESS',
  'PBX_USER_WITHOUT_EMAIL',
];

export interface PlanSummary {
  totalLicenses: number;
  availableLicenses: number;
  newMatchesToSync: number;
  missingToRemove: number;
  totalUsersAfterSync: number;
  blocked: number;
  conflicts: number;
  unmatched: number;
  unchanged: number;
  updates: number;
}

/** The figures of the preview, from a plan and the seats and links it started from. */
export function summarisePlan(
  entries: PlanEntry[],
  connectorSeats: number,
  syncedNow: number,
): PlanSummary {
  const count = (change: PlanEntry['change']) => entries.filter((e) => e.change === change).length;
  const remove = count('remove');
  // A user synced earlier and now unmatched is one user, counted once (as a removal).
  const removed = new Set(entries.filter((e) => e.change === 'remove').map((e) => e.pbxUserId));
  const mismatched = entries.filter(
    (e) =>
      e.change === 'unmatched' &&
      ADDRESS_MISMATCH.includes(e.reason as ReasonCode) &&
      !removed.has(e.pbxUserId),
  ).length;
  // Pairs already in Teams before any sync are taken over as they are: they join the synced users.
  const joining = entries.filter(
    (e) => !e.synced && (e.change === 'assign' || e.change === 'unchanged'),
  ).length;
  return {
    totalLicenses: connectorSeats,
    availableLicenses: Math.max(0, connectorSeats - syncedNow),
    newMatchesToSync: count('assign'),
    missingToRemove: remove + mismatched,
    totalUsersAfterSync: syncedNow - remove + joining,
    blocked: count('blocked'),
    conflicts: count('conflict'),
    unmatched: count('unmatched'),
    unchanged: count('unchanged'),
    updates: count('update'),
  };
}
