import { isGuid } from '../common/text/guid';
import {
  claimAddresses,
  MatchCandidate,
  MatchContext,
  matchUser,
  MatchResult,
} from '../matching/engine/match';
import { normaliseEmail } from '../matching/engine/normalise';
import { ManualMapping, PbxUser, SyncedLink } from '../matching/engine/types';

/** What a mapping needs of a PBX user. */
export type PbxKey = Pick<PbxUser, 'id' | 'email' | 'status'>;

/** What a mapping needs of a Microsoft 365 user. */
export interface TeamsKey extends MatchCandidate {
  userPrincipalName: string;
}

export type TeamsLookup =
  | { found: true; user: TeamsKey }
  | { found: false; code: 'TEAMS_USER_UNKNOWN' | 'TEAMS_USER_AMBIGUOUS'; claimants: string[] };

/**
 * Both directories as last read, held as small as a mapping allows (ids, addresses, flags: a
 * 100,000-user tenant fits in tens of megabytes): PBX users by id, a Teams user by whatever an
 * admin types for them (object id, user principal name, e-mail or `smtp:` alias), and how each
 * PBX user is matched today, by the matching engine itself.
 */
export class MappingDirectory {
  readonly pbxById = new Map<string, PbxKey>();
  readonly teamsById = new Map<string, TeamsKey>();
  private readonly addresses = new Map<string, string[]>();
  private readonly ctx: MatchContext;

  constructor(
    mode: 'automatic' | 'manual',
    manualMappings: ManualMapping[],
    syncedLinks: Pick<SyncedLink, 'pbxUserId' | 'teamsUserId'>[],
  ) {
    this.ctx = {
      mode,
      teamsById: this.teamsById,
      index: this.addresses,
      manualByPbx: new Map(manualMappings.map((m) => [m.pbxUserId, m])),
      linkByPbx: new Map(syncedLinks.map((l) => [l.pbxUserId, { ...l, number: '' }])),
    };
  }

  addPbxUsers(users: PbxKey[]): void {
    for (const u of users) this.pbxById.set(u.id, { id: u.id, email: u.email, status: u.status });
  }

  addTeamsUsers(users: (TeamsKey & { mail: string | null; proxyAddresses: string[] })[]): void {
    for (const u of users) {
      this.teamsById.set(u.id, {
        id: u.id,
        userPrincipalName: u.userPrincipalName,
        accountEnabled: u.accountEnabled,
        userType: u.userType,
      });
      claimAddresses(this.addresses, u);
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

  /** The Teams user a PBX user is mapped to by hand today, if any. */
  mappedTo(pbxUserId: string): string | null {
    return this.ctx.manualByPbx.get(pbxUserId)?.teamsUserId ?? null;
  }

  /** Today's manual mappings, PBX user id → Teams user id. */
  get manualMappings(): Map<string, string> {
    return new Map([...this.ctx.manualByPbx].map(([pbx, m]) => [pbx, m.teamsUserId]));
  }

  /** How the PBX user is matched today (manual mappings, synced pairs, e-mail). */
  matchOf(pbxUserId: string): MatchResult | undefined {
    const pbx = this.pbxById.get(pbxUserId);
    return pbx && matchUser(pbx, this.ctx);
  }

  /** The PBX users matched today to each of these Teams users, in one pass over the PBX users. */
  holdersOf(teamsUserIds: Set<string>): Map<string, string[]> {
    const holders = new Map<string, string[]>();
    for (const pbx of this.pbxById.values()) {
      const match = matchUser(pbx, this.ctx);
      if (!match.matched || !teamsUserIds.has(match.teamsUserId)) continue;
      const list = holders.get(match.teamsUserId);
      if (list) list.push(pbx.id);
      else holders.set(match.teamsUserId, [pbx.id]);
    }
    return holders;
  }
}
