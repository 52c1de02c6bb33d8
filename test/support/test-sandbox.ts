import { ConfidentialClientApplication } from '@azure/msal-node';
import { Client } from '@microsoft/microsoft-graph-client';
import { defaultCertificateDir, ensureCertificate } from '../sandbox/certificate';
import { RunningSandbox, startSandbox } from '../sandbox/server';
import { SandboxClient } from '../sandbox/sandbox-client';
import { CONNECTOR_APP_ROLES } from '../sandbox/demo-seed';
import { standardSkus } from '../sandbox/seed/licensing';

export interface TestSandbox {
  sandbox: RunningSandbox;
  client: SandboxClient;
  origin: string;
  close(): Promise<void>;
}

/** A fresh sandbox on a free port, trusted through the certificate `npm test` made. */
export async function startTestSandbox(): Promise<TestSandbox> {
  const { cert, key } = ensureCertificate(defaultCertificateDir(), 'sandbox', 'localhost');
  const sandbox = await startSandbox({ cert, key, port: 0 });
  return {
    sandbox,
    client: new SandboxClient(sandbox.origin),
    origin: sandbox.origin,
    close: () => sandbox.close(),
  };
}

export const TEST_APP = {
  clientId: '11111111-2222-4333-8444-555555555555',
  clientSecret: 'test-secret-value-3f9d',
  redirectUri: 'http://localhost:3999/api/v1/consent/callback',
};

/** Registers the connector app, creates a tenant and grants consent: the state after onboarding. */
export async function consentedTenant(
  client: SandboxClient,
  options: { tenantId?: string; domain?: string; roles?: string[] } = {},
): Promise<string> {
  await registerTestApp(client);
  const tenant = await client.createTenant({
    id: options.tenantId,
    domain: options.domain ?? 'fabrikam.example',
  });
  await client.grantConsent(tenant.id, TEST_APP.clientId, options.roles);
  await client.setSkus(tenant.id, standardSkus(50, 50));
  return tenant.id;
}

/** A client-credentials token fetched over plain HTTP, for tests that check wire formats. */
export async function appToken(origin: string, tenantId: string): Promise<string> {
  const res = await fetch(`${origin}/${tenantId}/oauth2/v2.0/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      client_id: TEST_APP.clientId,
      client_secret: TEST_APP.clientSecret,
      grant_type: 'client_credentials',
      scope: 'https://graph.microsoft.com/.default',
    }),
  });
  const body = (await res.json()) as { access_token?: string };
  if (!body.access_token) throw new Error(`no token: ${JSON.stringify(body)}`);
  return body.access_token;
}

/** The real graph-client on the real msal-node, pointed at the sandbox as production code will be. */
export function graphClientFor(origin: string, tenantId: string): Client {
  const cca = new ConfidentialClientApplication({
    auth: {
      clientId: TEST_APP.clientId,
      clientSecret: TEST_APP.clientSecret,
      authority: `${origin}/${tenantId}`,
      knownAuthorities: [new URL(origin).host],
    },
  });
  return Client.initWithMiddleware({
    baseUrl: `${origin}/`,
    customHosts: new Set([new URL(origin).hostname]),
    authProvider: {
      getAccessToken: async () =>
        (await cca.acquireTokenByClientCredential({
          scopes: ['https://graph.microsoft.com/.default'],
        }))!.accessToken,
    },
  });
}

export function numberedUsers(count: number, domain: string, from = 0) {
  return Array.from({ length: count }, (_, i) => ({
    userPrincipalName: `user${from + i}@${domain}`,
    displayName: `User ${from + i}`,
    mail: `user${from + i}@${domain}`,
  }));
}

/** Registers the connector's app in the sandbox, as the provider registers it with Microsoft. */
export function registerTestApp(client: SandboxClient) {
  return client.registerApp({
    clientId: TEST_APP.clientId,
    secrets: [{ value: TEST_APP.clientSecret }],
    redirectUris: [TEST_APP.redirectUri],
    requiredRoles: CONNECTOR_APP_ROLES,
    groupMembershipClaims: 'DirectoryRole',
  });
}

/** The settings that point the service at the sandbox instead of Microsoft. */
export const sandboxEnv = (origin: string) => ({
  MICROSOFT_AUTHORITY_HOST: origin,
  MICROSOFT_GRAPH_BASE_URL: origin,
  // The sandbox's PBX is on this machine.
  PBX_ALLOW_PRIVATE_ADDRESSES: 'true',
});
