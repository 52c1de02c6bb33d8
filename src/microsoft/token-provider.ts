/** App-only access tokens for a customer's Microsoft 365 tenant (client credentials). */
export abstract class TokenProvider {
  /** Throws MicrosoftError when no token can be had. */
  abstract appToken(microsoftTenantId: string): Promise<string>;
}

/** App roles granted to the app, read from an access token's `roles` claim; [] when unreadable. */
export function grantedRoles(accessToken: string): string[] {
  try {
    const payload = JSON.parse(
      Buffer.from(accessToken.split('.')[1] ?? '', 'base64url').toString('utf8'),
    ) as { roles?: unknown };
    return Array.isArray(payload.roles) ? payload.roles.map(String) : [];
  } catch {
    return [];
  }
}
