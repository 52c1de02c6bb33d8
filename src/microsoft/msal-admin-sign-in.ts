import { ConfidentialClientApplication } from '@azure/msal-node';
import { MicrosoftSettings } from '../config/microsoft.config';
import { AdminSignIn, SignedInAdmin, SignInRequest } from './admin-sign-in';
import { IdTokenKeys } from './id-token-keys';
import { classifyTokenError, MicrosoftError } from './microsoft-error';
import { msalConfiguration } from './msal-configuration';
import { notConfigured } from './token-provider';

/** Only who signs in matters: no Graph scope is asked for the administrator. */
const SIGN_IN_SCOPES = ['openid', 'profile'];

/**
 * The administrator's sign-in through MSAL (its own client, so signed-in accounts never share a
 * cache with the app-only tokens); the ID token is checked against Microsoft's published keys.
 */
export class MsalAdminSignIn extends AdminSignIn {
  private readonly client: ConfidentialClientApplication | null;
  private readonly idTokens: IdTokenKeys | null;

  constructor(private readonly settings: MicrosoftSettings) {
    super();
    this.client = settings.clientId
      ? new ConfidentialClientApplication(msalConfiguration(settings))
      : null;
    this.idTokens = settings.clientId
      ? new IdTokenKeys(settings.authorityHost, settings.clientId)
      : null;
  }

  async signInUrl(request: SignInRequest): Promise<string> {
    if (!this.client) throw notConfigured();
    try {
      return await this.client.getAuthCodeUrl({
        scopes: SIGN_IN_SCOPES,
        authority: `${this.settings.authorityHost}/${request.tenant}`,
        redirectUri: request.redirectUri,
        state: request.state,
        nonce: request.nonce,
        codeChallenge: request.codeChallenge,
        codeChallengeMethod: 'S256',
        // The administrator picks the account that administers the customer's tenant.
        prompt: 'select_account',
      });
    } catch (error) {
      throw classifyTokenError(error);
    }
  }

  async redeem(request: {
    code: string;
    codeVerifier: string;
    nonce: string;
    redirectUri: string;
  }): Promise<SignedInAdmin> {
    if (!this.client || !this.idTokens) throw notConfigured();
    let idToken: string;
    try {
      const result = await this.client.acquireTokenByCode({
        code: request.code,
        codeVerifier: request.codeVerifier,
        nonce: request.nonce,
        redirectUri: request.redirectUri,
        scopes: SIGN_IN_SCOPES,
      });
      idToken = result.idToken;
      if (result.account) await this.client.getTokenCache().removeAccount(result.account);
    } catch (error) {
      throw classifyTokenError(error);
    }
    const claims = await this.idTokens.verify(idToken);
    if (claims.nonce !== request.nonce)
      throw new MicrosoftError('permanent', "Microsoft's ID token answers another sign-in.");
    if (typeof claims.oid !== 'string')
      throw new MicrosoftError('permanent', "Microsoft's ID token names no user (oid).");
    return {
      microsoftTenantId: String(claims.tid).toLowerCase(),
      objectId: claims.oid.toLowerCase(),
      username: typeof claims.preferred_username === 'string' ? claims.preferred_username : '',
      directoryRoles: Array.isArray(claims.wids)
        ? claims.wids.filter((w): w is string => typeof w === 'string').map((w) => w.toLowerCase())
        : null,
    };
  }
}
