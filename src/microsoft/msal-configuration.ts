import { Configuration } from '@azure/msal-node';
import { readFileSync } from 'node:fs';
import { X509Certificate } from 'node:crypto';
import { MicrosoftSettings } from '../config/microsoft.config';

const MICROSOFT_AUTHORITY_HOSTS = new Set([
  'login.microsoftonline.com',
  'login.microsoftonline.us',
  'login.chinacloudapi.cn',
  'login.microsoftonline.de',
]);

/** The connector's app registration as MSAL takes it: one client for every customer tenant. */
export function msalConfiguration(settings: MicrosoftSettings): Configuration {
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
