/**
 * Directory roles (template ids) that may grant Microsoft Graph application permissions for a
 * whole tenant: Global Administrator and Privileged Role Administrator. Cloud Application and
 * Application Administrators may consent to other APIs' app roles, not to Graph's.
 */
export const CONSENTING_ROLES: Record<string, string> = {
  '62e90394-69f5-4237-9190-012177145e10': 'Global Administrator',
  'e8611ab8-c189-46e8-94e1-60213ab1f814': 'Privileged Role Administrator',
};

/** App permissions that let the connector read a user's directory roles from Graph. */
export const ROLE_READ_PERMISSIONS = [
  'RoleManagement.Read.Directory',
  'RoleManagement.Read.All',
  'RoleManagement.ReadWrite.Directory',
  'Directory.Read.All',
  'Directory.ReadWrite.All',
];

/** The name of the first consenting role among `roles`, or null when there is none. */
export function consentingRole(roles: string[]): string | null {
  for (const role of roles) {
    const name = CONSENTING_ROLES[role.toLowerCase()];
    if (name) return name;
  }
  return null;
}
