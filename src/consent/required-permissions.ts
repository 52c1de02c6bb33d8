/** The Graph application permissions the connector needs; the app registration must list them. */
export const REQUIRED_APP_PERMISSIONS = [
  'User.Read.All',
  'Organization.Read.All',
  'TeamsUserConfiguration.Read.All',
  'TeamsTelephoneNumber.ReadWrite.All',
  'TeamsPolicyUserAssign.ReadWrite.All',
] as const;

/**
 * What Direct Routing onboarding needs on top: adding and verifying the tenant's SBC subdomain, and
 * the temporary licensed user that activates it. A tenant that granted only the set above keeps
 * syncing; onboarding tells its admin to grant these.
 */
export const SETUP_APP_PERMISSIONS = ['Domain.ReadWrite.All', 'User.ReadWrite.All'] as const;
