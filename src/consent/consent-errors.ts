/** Microsoft's refusal on the consent redirect, in words an admin can act on. */
export function describeConsentRefusal(error: string, description: string | undefined): string {
  const aadsts = /AADSTS(\d+)/.exec(description ?? '')?.[1];
  const code = aadsts ? ` (AADSTS${aadsts})` : ` (${error})`;
  switch (aadsts) {
    case '65004':
      return `The administrator declined to grant the permissions${code}. Nothing was changed; start "Connect Microsoft 365" again when ready.`;
    case '50020':
      return `The person who signed in belongs to another Microsoft 365 organisation${code}. Sign in with an administrator of the customer's own tenant.`;
    case '90094':
    case '90095':
      return `Only a Global Administrator (or Privileged Role Administrator) can grant these permissions${code}. Ask one to follow the link.`;
    default:
      if (error === 'access_denied' || error === 'consent_required') {
        return `Microsoft reports that consent was not granted${code}. Start "Connect Microsoft 365" again, signed in as a Global Administrator.`;
      }
      return `Microsoft could not complete the consent${code}: ${(description ?? '').split(/\r?\n/)[0]}`;
  }
}
