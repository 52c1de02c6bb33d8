import { indexAddresses, matchUser, MatchResult } from './match';
import { holdsPolicy, PolicyRef } from './policy';
import { normaliseNumber } from './normalise';
import { ReasonCode } from './reasons';
import { PbxUser, PlanEntry, PlanInput, SyncedLink, TeamsUser } from './types';

type Pair = Extract<MatchResult, { matched: true }>;

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The per-user plan of a sync: what to assign, update, remove or leave, and who is blocked,
 * in conflict or unmatched, with a reason. The same input in any order gives the same plan.
 */
export function buildPlan(input: PlanInput): PlanEntry[] {
  const teamsById = new Map(input.teamsUsers.map((u) => [u.id, u]));
  const pbxById = new Map(input.pbxUsers.map((u) => [u.id, u]));
  const linkByPbx = new Map(input.syncedLinks.map((l) => [l.pbxUserId, l]));
  const ctx = {
    mode: input.mode,
    teamsById,
    index: indexAddresses(input.teamsUsers),
    manualByPbx: new Map(input.manualMappings.map((m) => [m.pbxUserId, m])),
    linkByPbx,
  };

  const entries: PlanEntry[] = [];
  const pairs: Pair[] = [];
  for (const pbx of [...input.pbxUsers].sort((a, b) => byText(a.id, b.id))) {
    if (pbx.status === 'deleted') continue;
    const result = matchUser(pbx, ctx);
    if (result.matched) pairs.push(result);
    else if (result.reason === 'MANUAL_MAPPING_STALE')
      entries.push(staleMapping(pbx.id, ctx.manualByPbx.get(pbx.id)!.teamsUserId, result.reason));
    else
      entries.push({
        pbxUserId: pbx.id,
        teamsUserId: null,
        change: 'unmatched',
        method: null,
        number: null,
        reason: result.reason,
        synced: false,
      });
  }
  // A mapping whose PBX user is gone is shown, never dropped in silence.
  for (const m of input.manualMappings) {
    const pbx = pbxById.get(m.pbxUserId);
    if (!pbx || pbx.status === 'deleted')
      entries.push(staleMapping(m.pbxUserId, m.teamsUserId, 'MANUAL_MAPPING_PBX_GONE'));
  }

  const numberOf = (pbx: PbxUser) =>
    pbx.number ?? normaliseNumber(pbx.directNumber, input.defaultRegion);
  const numbers = new Map(pairs.map((p) => [p.pbxUserId, numberOf(pbxById.get(p.pbxUserId)!)]));
  const conflicts = findConflicts(pairs, numbers);
  const standing = pairs.filter((p) => !conflicts.has(p.pbxUserId));
  for (const p of pairs) {
    const reason = conflicts.get(p.pbxUserId);
    if (reason)
      entries.push({
        pbxUserId: p.pbxUserId,
        teamsUserId: p.teamsUserId,
        change: 'conflict',
        method: p.method,
        number: e164(numbers.get(p.pbxUserId)),
        reason,
        synced: linkByPbx.get(p.pbxUserId)?.teamsUserId === p.teamsUserId,
      });
  }

  // Links whose pair no longer stands are removed; their numbers are free for this plan.
  const standingPair = new Set(standing.map((p) => `${p.pbxUserId}/${p.teamsUserId}`));
  const removals = input.syncedLinks.filter(
    (l) => !standingPair.has(`${l.pbxUserId}/${l.teamsUserId}`) && !conflicts.has(l.pbxUserId),
  );
  const released = new Set(removals.map((l) => l.number));
  for (const link of removals) {
    entries.push({
      pbxUserId: link.pbxUserId,
      teamsUserId: link.teamsUserId,
      change: 'remove',
      method: null,
      number: link.number,
      reason: removalReason(link, pbxById, teamsById),
      synced: true,
    });
  }
  for (const p of standing) {
    const link = linkByPbx.get(p.pbxUserId);
    const number = e164(numbers.get(p.pbxUserId));
    if (link && link.teamsUserId === p.teamsUserId && number && link.number !== number)
      released.add(link.number);
  }

  let seatsLeft = input.connectorSeats - (input.syncedLinks.length - removals.length);
  for (const p of standing) {
    const teams = teamsById.get(p.teamsUserId)!;
    const number = numbers.get(p.pbxUserId)!;
    const linked = linkByPbx.get(p.pbxUserId)?.teamsUserId === p.teamsUserId;
    const entry = (change: PlanEntry['change'], reason: ReasonCode | null = null): PlanEntry => ({
      pbxUserId: p.pbxUserId,
      teamsUserId: p.teamsUserId,
      change,
      method: p.method,
      number: number.ok ? number.e164 : null,
      reason,
      synced: linked,
    });
    const blocked = blockReason(pbxById.get(p.pbxUserId)!, teams, number, input, released);
    if (blocked) {
      entries.push(entry('blocked', blocked));
      continue;
    }
    if (!linked && seatsLeft <= 0) {
      entries.push(entry('blocked', 'NO_SEAT_LEFT'));
      continue;
    }
    if (!linked) seatsLeft--;
    entries.push(
      entry(
        inSync(teams, e164(number)!, input.voiceRoutingPolicy)
          ? 'unchanged'
          : linked
            ? 'update'
            : 'assign',
      ),
    );
  }
  return entries.sort(
    (a, b) =>
      byText(a.pbxUserId ?? '', b.pbxUserId ?? '') ||
      byText(a.change, b.change) ||
      byText(a.teamsUserId ?? '', b.teamsUserId ?? ''),
  );
}

const e164 = (n: ReturnType<typeof normaliseNumber> | undefined) => (n?.ok ? n.e164 : null);

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
function findConflicts(
  pairs: Pair[],
  numbers: Map<string, ReturnType<typeof normaliseNumber>>,
): Map<string, ReasonCode> {
  const conflicts = new Map<string, ReasonCode>();
  const group = <K>(key: (p: Pair) => K | null) => {
    const groups = new Map<K, Pair[]>();
    for (const p of pairs) {
      const k = key(p);
      if (k === null) continue;
      const group = groups.get(k);
      if (group) group.push(p);
      else groups.set(k, [p]);
    }
    return [...groups.values()].filter((g) => g.length > 1);
  };
  for (const claimants of group((p) => p.teamsUserId)) {
    const manual = claimants.filter((p) => p.method === 'manual');
    for (const p of claimants)
      if (manual.length !== 1 || p.method !== 'manual')
        conflicts.set(p.pbxUserId, 'TEAMS_USER_CLAIMED_TWICE');
  }
  for (const holders of group((p) => e164(numbers.get(p.pbxUserId)))) {
    for (const p of holders) conflicts.set(p.pbxUserId, 'NUMBER_CLAIMED_TWICE');
  }
  return conflicts;
}

function blockReason(
  pbx: PbxUser,
  teams: TeamsUser,
  number: ReturnType<typeof normaliseNumber>,
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
