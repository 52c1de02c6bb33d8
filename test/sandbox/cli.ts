import { startSandbox } from './server';
import { SandboxClient } from './sandbox-client';
import { seedDemo } from './demo-seed';
import { numberArg, stringArg, trustSandboxCertificate } from './trusted-process';

/** `npm run sandbox -- --users 500 [--port 8443] [--seed 42] [--service-url http://localhost:3000]` */
async function main(): Promise<void> {
  const certificate = trustSandboxCertificate();
  if (!certificate) return;
  const sandbox = await startSandbox({
    port: numberArg('port', 8443),
    cert: certificate.cert,
    key: certificate.key,
  });
  const serviceUrl = stringArg('service-url', 'http://localhost:3000');
  const users = numberArg('users', 200);
  const credentials = await seedDemo(new SandboxClient(sandbox.origin), {
    users,
    seed: numberArg('seed', 42),
    redirectUris: [`${serviceUrl}/api/v1/consent/callback`],
  });
  process.stdout.write(
    [
      `Sandbox running at ${sandbox.origin} (Ctrl+C to stop)`,
      `  Entra:   ${sandbox.origin}/{tenant}/oauth2/v2.0/token, ${sandbox.origin}/{tenant}/v2.0/adminconsent`,
      `  Graph:   ${sandbox.origin}/v1.0/...`,
      `  PBX:     ${sandbox.origin}/pbx/oauth/token, ${sandbox.origin}/pbx/v1/accounts/${credentials.pbxAccountId}/users`,
      `  Control: ${sandbox.origin}/__sandbox/...`,
      `Demo Microsoft tenant ${credentials.tenantId} with ${users} users; PBX account ${credentials.pbxAccountId}.`,
      'Point the service at it with:',
      `  NODE_EXTRA_CA_CERTS=${certificate.certPath}`,
      `  MICROSOFT_AUTHORITY_HOST=${sandbox.origin}`,
      `  MICROSOFT_GRAPH_BASE_URL=${sandbox.origin}`,
      `  MICROSOFT_CLIENT_ID=${credentials.clientId}`,
      `  MICROSOFT_CLIENT_SECRET=${credentials.clientSecret}`,
      `  PBX client id ${credentials.pbxClientId}, secret ${credentials.pbxClientSecret}`,
      '',
    ].join('\n'),
  );
  const stop = () => void sandbox.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

void main();
