import { Injectable } from '@nestjs/common';
import { ConfidentialClientApplication } from '@azure/msal-node';
import { MicrosoftSettings } from '../config/microsoft.config';
import { classifyTokenError, MicrosoftError } from './microsoft-error';
import { msalConfiguration } from './msal-configuration';
import { notConfigured, TokenProvider } from './token-provider';

const GRAPH_SCOPE = 'https://graph.microsoft.com/.default';

/**
 * One MSAL confidential client for every customer tenant: the authority is set per request, and
 * MSAL caches a token per tenant until five minutes before it expires.
 */
@Injectable()
export class MsalTokenProvider extends TokenProvider {
  private readonly client: ConfidentialClientApplication | null;

  constructor(private readonly settings: MicrosoftSettings) {
    super();
    this.client = settings.clientId
      ? new ConfidentialClientApplication(msalConfiguration(settings))
      : null;
  }

  async appToken(microsoftTenantId: string, options: { fresh?: boolean } = {}): Promise<string> {
    if (!this.client) throw notConfigured();
    try {
      const result = await this.client.acquireTokenByClientCredential({
        scopes: [GRAPH_SCOPE],
        authority: `${this.settings.authorityHost}/${microsoftTenantId}`,
        skipCache: options.fresh,
      });
      if (!result?.accessToken)
        throw new MicrosoftError('transient', 'Microsoft returned no token.');
      return result.accessToken;
    } catch (error) {
      throw error instanceof MicrosoftError ? error : classifyTokenError(error);
    }
  }
}
