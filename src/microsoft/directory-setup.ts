/** A domain of the customer's tenant, as Graph's `domain` resource shows it. */
export interface TenantDomain {
  id: string;
  isVerified: boolean;
  /** What the domain serves (`OfficeCommunicationsOnline` once Teams may use it). */
  supportedServices: string[];
}

/** A user the connector created for setup, as far as setup needs to know it. */
export interface SetupUser {
  id: string;
  userPrincipalName: string;
  licensedSkuIds: string[];
}

export interface NewSetupUser {
  userPrincipalName: string;
  displayName: string;
  /** Microsoft requires a usage location before a licence can be assigned. */
  usageLocation: string;
  /** Used once to create the account; Microsoft keeps it, the connector never does. */
  password: string;
}

/**
 * Writes to a customer's directory that Direct Routing setup needs (Domain.ReadWrite.All,
 * User.ReadWrite.All): the SBC's subdomain and the temporary user that activates it.
 */
export abstract class DirectorySetup {
  /** The domain, or null when the tenant does not have it. */
  abstract domain(microsoftTenantId: string, name: string): Promise<TenantDomain | null>;
  abstract addDomain(microsoftTenantId: string, name: string): Promise<TenantDomain>;
  /** The text of the TXT record Microsoft checks before it verifies the domain (`MS=ms…`). */
  abstract verificationTxt(microsoftTenantId: string, name: string): Promise<string>;
  /** Asks Microsoft to verify the domain; false while it cannot find the record yet. */
  abstract verifyDomain(microsoftTenantId: string, name: string): Promise<boolean>;
  /** The tenant's country (`US`): the usage location of the user setup creates. */
  abstract countryCode(microsoftTenantId: string): Promise<string>;
  abstract userByPrincipalName(microsoftTenantId: string, upn: string): Promise<SetupUser | null>;
  abstract createUser(microsoftTenantId: string, user: NewSetupUser): Promise<SetupUser>;
  abstract assignLicences(
    microsoftTenantId: string,
    userId: string,
    change: { add: string[]; remove: string[] },
  ): Promise<void>;
  /** Deletes the user; a user already gone counts as deleted. */
  abstract deleteUser(microsoftTenantId: string, userId: string): Promise<void>;
}
