/** What the callback answers: a redirect on to Microsoft, or a page stating the outcome. */
export type ConsentOutcome =
  { kind: 'redirect'; url: string } | { kind: 'page'; ok: boolean; title: string; message: string };

/** The refusal for a Microsoft 365 tenant another tenant holds, and what to do about it. */
export const alreadyLinked = (microsoftTenantId: string) =>
  `Microsoft 365 tenant ${microsoftTenantId} is already connected to another customer account in Teams Connector, and one Microsoft 365 tenant can be connected to one account only. Nothing was changed. If it belongs here, ask your provider to disconnect it from the other account (they can find it by this Microsoft 365 tenant id), then use "Connect Microsoft 365" again.`;
