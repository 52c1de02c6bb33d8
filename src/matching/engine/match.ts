import { addressesOf, normaliseEmail } from './normalise';
import { ReasonCode } from './reasons';
import { ManualMapping, MatchMethod, PbxUser, SyncedLink, TeamsUser } from './types';

export type MatchResult =
  | { pbxUserId: string; matched: true; teamsUserId: string; method: MatchMethod }
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

export interface MatchContext {
  mode: 'automatic' | 'manual';
  teamsById: Map<string, MatchCandidate>;
  index: Map<string, string[]>;
  manualByPbx: Map<string, ManualMapping>;
  linkByPbx: Map<string, SyncedLink>;
}

/** Pairs one PBX user: a manual mapping first, then the pinned pair, then the e-mail address. */
export function matchUser(
  pbx: Pick<PbxUser, 'id' | 'email' | 'status'>,
  ctx: MatchContext,
): MatchResult {
  const none = (reason: ReasonCode): MatchResult => ({ pbxUserId: pbx.id, matched: false, reason });
  const found = (teamsUserId: string, method: MatchMethod): MatchResult => ({
    pbxUserId: pbx.id,
    matched: true,
    teamsUserId,
    method,
  });
  if (pbx.status !== 'active') return none('PBX_USER_SUSPENDED');

  const manual = ctx.manualByPbx.get(pbx.id);
  if (manual)
    return ctx.teamsById.has(manual.teamsUserId)
      ? eligible(ctx.teamsById.get(manual.teamsUserId)!, 'manual')
      : none('MANUAL_MAPPING_STALE');

  // Manual matching syncs mapped users only: a pair synced earlier without a mapping goes.
  if (ctx.mode === 'manual') return none('NOT_MAPPED');

  // A synced pair stays on its Teams object id, so a renamed address does not break it.
  const link = ctx.linkByPbx.get(pbx.id);
  const pinned = link && ctx.teamsById.get(link.teamsUserId);
  if (pinned && pinned.accountEnabled && pinned.userType !== 'Guest')
    return found(pinned.id, 'pinned');

  const email = normaliseEmail(pbx.email);
  if (!email) return none('PBX_USER_WITHOUT_EMAIL');
  const claimants = ctx.index.get(email) ?? [];
  if (claimants.length === 0) return none('NO_TEAMS_USER');
  if (claimants.length > 1) return none('AMBIGUOUS_ADDRESS');
  return eligible(ctx.teamsById.get(claimants[0])!, 'automatic');

  function eligible(teams: MatchCandidate, method: MatchMethod): MatchResult {
    if (teams.userType === 'Guest') return none('GUEST_ACCOUNT');
    if (!teams.accountEnabled) return none('ACCOUNT_DISABLED');
    return found(teams.id, method);
  }
}
