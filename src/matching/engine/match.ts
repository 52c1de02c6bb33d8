import { addressesOf, normaliseEmail } from './normalise';
import { ReasonCode } from './reasons';
import { ManualMapping, MatchMethod, PbxUser, SyncedLink, TeamsUser } from './types';

/** A pair found (with the Teams user it found), or the reason there is none. */
export type MatchResult<C extends MatchCandidate = MatchCandidate> =
  | { pbxUserId: string; matched: true; teamsUserId: string; teams: C; method: MatchMethod }
  | { pbxUserId: string; matched: false; reason: ReasonCode };

/**
 * Address → the Teams users that claim it, two at most: matching asks only whether one user does
 * or more than one, and a list that stays short keeps an alias shared by thousands linear.
 * Built once; matching is then a lookup per PBX user.
 */
export function indexAddresses(teamsUsers: TeamsUser[]): Map<string, string[]> {
  const index = new Map<string, string[]>();
  for (const user of teamsUsers) claimAddresses(index, user);
  return index;
}

/** Adds one Teams user's addresses to an address index (a page at a time works too). */
export function claimAddresses(
  index: Map<string, string[]>,
  user: Pick<TeamsUser, 'id' | 'mail' | 'userPrincipalName' | 'proxyAddresses'>,
): void {
  for (const address of addressesOf(user)) {
    const claimants = index.get(address);
    if (!claimants) index.set(address, [user.id]);
    else if (claimants.length < 2 && claimants[0] !== user.id) claimants.push(user.id);
  }
}

/** What matching reads of a Teams user besides its addresses (those are in `index`). */
export type MatchCandidate = Pick<TeamsUser, 'id' | 'accountEnabled' | 'userType'>;

export interface MatchContext<C extends MatchCandidate = MatchCandidate> {
  mode: 'automatic' | 'manual';
  teamsById: Map<string, C>;
  index: Map<string, string[]>;
  manualByPbx: Map<string, ManualMapping>;
  linkByPbx: Map<string, SyncedLink>;
}

/** Pairs one PBX user: a manual mapping first, then the pinned pair, then the e-mail address. */
export function matchUser<C extends MatchCandidate>(
  pbx: Pick<PbxUser, 'id' | 'email' | 'status'>,
  ctx: MatchContext<C>,
): MatchResult<C> {
  if (pbx.status !== 'active') return unmatched(pbx.id, 'PBX_USER_SUSPENDED');

  const manual = ctx.manualByPbx.get(pbx.id);
  if (manual) {
    const teams = ctx.teamsById.get(manual.teamsUserId);
    return teams ? eligible(pbx.id, teams, 'manual') : unmatched(pbx.id, 'MANUAL_MAPPING_STALE');
  }

  // Manual matching syncs mapped users only: a pair synced earlier without a mapping goes.
  if (ctx.mode === 'manual') return unmatched(pbx.id, 'NOT_MAPPED');

  // A synced pair stays on its Teams object id, so a renamed address does not break it.
  const link = ctx.linkByPbx.get(pbx.id);
  const pinned = link && ctx.teamsById.get(link.teamsUserId);
  if (pinned && pinned.accountEnabled && pinned.userType !== 'Guest')
    return {
      pbxUserId: pbx.id,
      matched: true,
      teamsUserId: pinned.id,
      teams: pinned,
      method: 'pinned',
    };

  const email = normaliseEmail(pbx.email);
  if (!email) return unmatched(pbx.id, 'PBX_USER_WITHOUT_EMAIL');
  const claimants = ctx.index.get(email);
  if (!claimants) return unmatched(pbx.id, 'NO_TEAMS_USER');
  if (claimants.length > 1) return unmatched(pbx.id, 'AMBIGUOUS_ADDRESS');
  return eligible(pbx.id, ctx.teamsById.get(claimants[0])!, 'automatic');
}

const unmatched = (pbxUserId: string, reason: ReasonCode): MatchResult<never> => ({
  pbxUserId,
  matched: false,
  reason,
});

function eligible<C extends MatchCandidate>(
  pbxUserId: string,
  teams: C,
  method: MatchMethod,
): MatchResult<C> {
  if (teams.userType === 'Guest') return unmatched(pbxUserId, 'GUEST_ACCOUNT');
  if (!teams.accountEnabled) return unmatched(pbxUserId, 'ACCOUNT_DISABLED');
  return { pbxUserId, matched: true, teamsUserId: teams.id, teams, method };
}
