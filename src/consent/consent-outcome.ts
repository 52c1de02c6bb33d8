/** What the callback answers: a redirect on to Microsoft, or a page stating the outcome. */
export type ConsentOutcome =
  { kind: 'redirect'; url: string } | { kind: 'page'; ok: boolean; title: string; message: string };

/** The refusal for a Microsoft 365 tenant another tenant holds, and what to do about it. */
export const alreadyLinked = (microsoftTenantId: string) =>
  `Microsoft 365 tenant ${microsoftTenantId} is already connected to another customer account in Teams Connector, and one Microsoft 365 tenant can be connected to one account only. Nothing was changed. If it belongs here, ask your provider to disconnect it from the other account (they can find it by this Microsoft 365 tenant id), then use "Connect Microsoft 365" again.`;

/** The refusal for a signer without a role that may grant Graph application permissions. */
export const notAnAdministrator = (who: string, microsoftTenantId: string) =>
  `${who} is not a Global Administrator or Privileged Role Administrator of Microsoft 365 tenant ${microsoftTenantId}; only they can grant the connector's permissions. Nothing was changed: ask one of them to use "Connect Microsoft 365".`;

/** The heading of the page for a refusal, by its code. */
export function refusalTitle(code: string): string {
  switch (code) {
    case 'CONSENT_ADMIN_ROLE_REQUIRED':
      return 'An administrator must connect Microsoft 365';
    case 'MICROSOFT_TENANT_ALREADY_LINKED':
      return 'This Microsoft 365 tenant is connected to another account';
    case 'MICROSOFT_TENANT_MISMATCH':
      return 'This is not the Microsoft 365 tenant that signed in';
    default:
      return 'The consent response was refused';
  }
}
