import { isGuid } from '../common/text/guid';
import { indexAddresses, matchUser, MatchResult } from '../matching/engine/match';
import { normaliseEmail } from '../matching/engine/normalise';
import { PbxUser, PlanInput, TeamsUser } from '../matching/engine/types';

export type TeamsLookup =
  | { found: true; user: TeamsUser }
  | { found: false; code: 'TEAMS_USER_UNKNOWN' | 'TEAMS_USER_AMBIGUOUS'; claimants: string[] };

/**
 * Both directories as last read, seen the way a mapping needs them: PBX users by id, a Teams user
 * by whatever an admin types for them (object id, user principal name, e-mail or `smtp:` alias),
 * and who each Teams user is matched to today, by the matching engine itself.
 */
export class MappingDirectory {
  readonly pbxById: Map<string, PbxUser>;
  readonly teamsById: Map<string, TeamsUser>;
  private readonly addresses: Map<string, string[]>;
  private readonly matches = new Map<string, MatchResult>();
  private readonly holders = new Map<string, string[]>();

  constructor(input: PlanInput) {
    this.pbxById = new Map(input.pbxUsers.map((u) => [u.id, u]));
    this.teamsById = new Map(input.teamsUsers.map((u) => [u.id, u]));
    this.addresses = indexAddresses(input.teamsUsers);
    const ctx = {
      mode: input.mode,
      teamsById: this.teamsById,
      index: this.addresses,
      manualByPbx: new Map(input.manualMappings.map((m) => [m.pbxUserId, m])),
      linkByPbx: new Map(input.syncedLinks.map((l) => [l.pbxUserId, l])),
    };
    for (const pbx of input.pbxUsers) {
      const match = matchUser(pbx, ctx);
      this.matches.set(pbx.id, match);
      if (!match.matched) continue;
      const holders = this.holders.get(match.teamsUserId);
      if (holders) holders.push(pbx.id);
      else this.holders.set(match.teamsUserId, [pbx.id]);
    }
  }

  /** The Teams user an admin means: an object id, or any address the user answers to. */
  findTeamsUser(text: string): TeamsLookup {
    const value = text.trim();
    if (isGuid(value)) {
      const user = this.teamsById.get(value.toLowerCase());
      return user
        ? { found: true, user }
        : { found: false, code: 'TEAMS_USER_UNKNOWN', claimants: [] };
    }
    const address = normaliseEmail(value.replace(/^smtp:/i, ''));
    const claimants = (address && this.addresses.get(address)) || [];
    if (claimants.length === 1) return { found: true, user: this.teamsById.get(claimants[0])! };
    return {
      found: false,
      code: claimants.length === 0 ? 'TEAMS_USER_UNKNOWN' : 'TEAMS_USER_AMBIGUOUS',
      claimants,
    };
  }

  /** How the PBX user is matched today (manual mappings, synced pairs, e-mail). */
  matchOf(pbxUserId: string): MatchResult | undefined {
    return this.matches.get(pbxUserId);
  }

  /** The PBX users matched to this Teams user today, by any method. */
  holdersOf(teamsUserId: string): string[] {
    return this.holders.get(teamsUserId) ?? [];
  }
}
