import type { DeltaPage, DirectoryUser, TeamsUserSettings } from './directory-records';

export interface Organization {
  id: string;
  displayName: string;
}

export interface SubscribedSku {
  skuId: string;
  skuPartNumber: string;
  capabilityStatus: string;
  consumedUnits: number;
  prepaidUnits: { enabled: number; suspended: number; warning: number };
  servicePlans: { servicePlanId: string; servicePlanName: string; provisioningStatus: string }[];
}

/** Reads from a customer's Microsoft 365 directory through Microsoft Graph. */
export abstract class MicrosoftDirectory {
  abstract organization(microsoftTenantId: string): Promise<Organization>;
  /**
   * The directory roles (role definition ids, which for built-in roles are the template ids)
   * assigned to a user tenant-wide, from Graph's unified role management.
   */
  abstract directoryRoles(microsoftTenantId: string, objectId: string): Promise<string[]>;
  /** Reads one user: proves users are readable without paging through them. */
  abstract sampleUser(microsoftTenantId: string): Promise<{ id: string } | null>;
  abstract subscribedSkus(microsoftTenantId: string): Promise<SubscribedSku[]>;
  /** Every user, a page at a time. */
  abstract users(microsoftTenantId: string): AsyncIterable<DirectoryUser[]>;
  /**
   * One delta round from `deltaLink` (from the start when null). Throws MicrosoftError
   * `delta_expired` when the link can no longer be used: the caller then reads everything.
   */
  abstract usersDelta(
    microsoftTenantId: string,
    deltaLink: string | null,
  ): AsyncIterable<DeltaPage>;
  /** A delta link that starts from now, without reading anything (`$deltatoken=latest`). */
  abstract latestUsersDeltaLink(microsoftTenantId: string): Promise<string>;
  /** The Graph policy id of a voice routing policy, by its name; null when there is none. */
  abstract voiceRoutingPolicyId(microsoftTenantId: string, name: string): Promise<string | null>;
  /** Teams' view of every user: account type, Enterprise Voice, numbers, routing policy. */
  abstract teamsUsers(microsoftTenantId: string): AsyncIterable<TeamsUserSettings[]>;
  /** Teams' view of the given users, read in batches; null for a user Teams does not know. */
  abstract teamsUsersByIds(
    microsoftTenantId: string,
    userIds: string[],
  ): Promise<Map<string, TeamsUserSettings | null>>;
}
