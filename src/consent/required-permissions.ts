/** The Graph application permissions the connector needs; the app registration must list them. */
export const REQUIRED_APP_PERMISSIONS = [
  'User.Read.All',
  'Organization.Read.All',
  'TeamsUserConfiguration.Read.All',
  'TeamsTelephoneNumber.ReadWrite.All',
  'TeamsPolicyUserAssign.ReadWrite.All',
] as const;
