import { MicrosoftError } from './microsoft-error';

/** App-only access tokens for a customer's Microsoft 365 tenant (client credentials). */
export abstract class TokenProvider {
  /**
   * Throws MicrosoftError when no token can be had. `fresh` asks Microsoft again instead of
   * reusing a cached token, as while a new grant's roles propagate.
   */
  abstract appToken(microsoftTenantId: string, options?: { fresh?: boolean }): Promise<string>;
}

export const notConfigured = () =>
  new MicrosoftError(
    'not_configured',
    'No Microsoft app registration is configured: set MICROSOFT_CLIENT_ID and its secret or certificate.',
  );

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
