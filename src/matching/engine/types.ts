import type { NumberResult } from './normalise';
import type { PolicyRef } from './policy';

/** Plain data the matching engine works on: no framework, no I/O. */

export interface PbxUser {
  id: string;
  email: string | null;
  directNumber: string | null;
  status: 'active' | 'suspended' | 'deleted';
  /** Secure calling is on in the PBX: the user is blocked until it is turned off. */
  secureCalling?: boolean;
  /** The number checked and in E.164, as stored when the user was read; worked out here if absent. */
  number?: NumberResult;
}

export interface TeamsUser {
  id: string;
  userPrincipalName: string;
  mail: string | null;
  proxyAddresses: string[];
  accountEnabled: boolean;
  userType: 'Member' | 'Guest';
  /** An enabled Teams Phone (MCOEV) service plan. */
  hasPhoneSystem: boolean;
  /** Teams' account type; only `user` can carry a Direct Routing number here. */
  accountType: string;
  /** Numbers Teams has on the user now, E.164. */
  numbers: string[];
  enterpriseVoiceEnabled: boolean;
  /** The voice routing policy assigned directly, if any: its policy id and its name. */
  voiceRoutingPolicyId: string | null;
  voiceRoutingPolicyName: string | null;
}

/** A pairing an admin set by hand; it overrides automatic matching. */
export interface ManualMapping {
  pbxUserId: string;
  teamsUserId: string;
}

/** What an earlier sync put in place: the pair is pinned to the Teams object id. */
export interface SyncedLink {
  pbxUserId: string;
  teamsUserId: string;
  number: string;
}

export type MatchMethod = 'manual' | 'pinned' | 'automatic';

export type Change =
  'assign' | 'update' | 'remove' | 'unchanged' | 'blocked' | 'conflict' | 'unmatched';

export interface PlanEntry {
  pbxUserId: string | null;
  teamsUserId: string | null;
  change: Change;
  /** How the pair was made, when there is one. */
  method: MatchMethod | null;
  /** The E.164 number to carry (or to release, for `remove`). */
  number: string | null;
  /** A stable reason code for blocked, conflict, unmatched and remove entries. */
  reason: string | null;
  /** The pair was put in place by an earlier sync. */
  synced: boolean;
}

export interface PlanInput {
  mode: 'automatic' | 'manual';
  pbxUsers: PbxUser[];
  teamsUsers: TeamsUser[];
  manualMappings: ManualMapping[];
  syncedLinks: SyncedLink[];
  /** Who holds each number in Teams now (E.164 → Teams user id). */
  numberHolders: Map<string, string>;
  connectorSeats: number;
  /** The tenant's voice routing policy as Teams knows it, when one is configured. */
  voiceRoutingPolicy: PolicyRef | null;
  /** Region for numbers written without a country code (ISO 3166 alpha-2). */
  defaultRegion: string;
}
