import { Injectable } from '@nestjs/common';
import { ConfidentialClientApplication, Configuration } from '@azure/msal-node';
import { readFileSync } from 'node:fs';
import { X509Certificate } from 'node:crypto';
import { MicrosoftSettings } from '../config/microsoft.config';
import { classifyTokenError, MicrosoftError } from './microsoft-error';
import { TokenProvider } from './token-provider';

const GRAPH_SCOPE = 'https://graph.microsoft.com/.default';
const MICROSOFT_AUTHORITY_HOSTS = new Set([
  'login.microsoftonline.com',
  'login.microsoftonline.us',
  'login.chinacloudapi.cn',
  'login.microsoftonline.de',
]);

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

  async appToken(microsoftTenantId: string): Promise<string> {
    if (!this.client)
      throw new MicrosoftError(
        'not_configured',
        'No Microsoft app registration is configured: set MICROSOFT_CLIENT_ID and its secret or certificate.',
      );
    try {
      const result = await this.client.acquireTokenByClientCredential({
        scopes: [GRAPH_SCOPE],
        authority: `${this.settings.authorityHost}/${microsoftTenantId}`,
      });
      if (!result?.accessToken)
        throw new MicrosoftError('transient', 'Microsoft returned no token.');
      return result.accessToken;
    } catch (error) {
      throw error instanceof MicrosoftError ? error : classifyTokenError(error);
    }
  }
}

function msalConfiguration(settings: MicrosoftSettings): Configuration {
  const host = new URL(settings.authorityHost).host;
  const credential = settings.clientSecret
    ? { clientSecret: settings.clientSecret }
    : { clientCertificate: readCertificate(settings) };
  return {
    auth: {
      clientId: settings.clientId!,
      authority: `${settings.authorityHost}/organizations`,
      // A host MSAL does not know (the sandbox, a private cloud) must be trusted explicitly.
      knownAuthorities: MICROSOFT_AUTHORITY_HOSTS.has(host) ? [] : [host],
      ...credential,
    },
  };
}

function readCertificate(settings: MicrosoftSettings) {
  if (!settings.certificatePath || !settings.certificateKeyPath) {
    throw new Error(
      'Set MICROSOFT_CLIENT_SECRET, or MICROSOFT_CLIENT_CERTIFICATE_PATH and MICROSOFT_CLIENT_CERTIFICATE_KEY_PATH',
    );
  }
  const certificate = new X509Certificate(readFileSync(settings.certificatePath));
  return {
    thumbprintSha256: certificate.fingerprint256.replace(/:/g, ''),
    privateKey: readFileSync(settings.certificateKeyPath, 'utf8'),
  };
}
