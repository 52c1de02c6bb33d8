import { ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { startSandbox } from './server';
import { SandboxClient } from './sandbox-client';
import { seedDemo } from './demo-seed';
import { numberArg, trustSandboxCertificate } from './trusted-process';

const READY_TIMEOUT_MS = 60_000;

async function waitUntilReady(url: string, service: ChildProcess): Promise<boolean> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline && service.exitCode === null) {
    try {
      if ((await fetch(`${url}/health/ready`)).ok) return true;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return false;
}

/** `npm run demo`: the sandbox seeded with a demo tenant, and the service running against it. */
async function main(): Promise<void> {
  const certificate = trustSandboxCertificate();
  if (!certificate) return;
  const port = Number(process.env.PORT ?? 3000);
  const serviceUrl = process.env.PUBLIC_URL ?? `http://localhost:${port}`;
  const sandbox = await startSandbox({
    port: numberArg('sandbox-port', 8443),
    cert: certificate.cert,
    key: certificate.key,
  });
  const credentials = await seedDemo(new SandboxClient(sandbox.origin), {
    users: numberArg('users', 200),
    redirectUris: [`${serviceUrl}/api/v1/consent/callback`],
  });

  const logDir = join(process.cwd(), 'data', 'demo');
  mkdirSync(logDir, { recursive: true });
  const logPath = join(logDir, 'service.log');
  const log = createWriteStream(logPath, { flags: 'w' });
  const service = spawn(process.execPath, [join(__dirname, '..', '..', 'src', 'main.js')], {
    env: {
      ...process.env,
      PORT: String(port),
      PUBLIC_URL: serviceUrl,
      MICROSOFT_AUTHORITY_HOST: sandbox.origin,
      MICROSOFT_GRAPH_BASE_URL: sandbox.origin,
      MICROSOFT_CLIENT_ID: credentials.clientId,
      MICROSOFT_CLIENT_SECRET: credentials.clientSecret,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  service.stdout?.pipe(log);
  service.stderr?.on('data', (chunk: Buffer) => {
    log.write(chunk);
    process.stderr.write(chunk);
  });
  const shutdown = (code: number) => {
    service.kill('SIGTERM');
    void sandbox.close().then(() => process.exit(code));
  };
  process.on('SIGINT', () => shutdown(0));
  process.on('SIGTERM', () => shutdown(0));
  service.on('exit', (code) => {
    process.stderr.write(`The service stopped (exit code ${code}); its log is in ${logPath}\n`);
    void sandbox.close().then(() => process.exit(code || 1));
  });

  if (!(await waitUntilReady(`http://127.0.0.1:${port}`, service))) {
    process.stderr.write(
      `The service did not become ready within ${READY_TIMEOUT_MS / 1000} s; see ${logPath}\n`,
    );
    shutdown(1);
    return;
  }
  process.stdout.write(
    [
      '',
      `Teams Connector is running at ${serviceUrl}  (Ctrl+C stops everything)`,
      `  API docs:   ${serviceUrl}/api/docs`,
      `  Readiness:  ${serviceUrl}/health/ready`,
      `  Service log: ${logPath}`,
      `Sandbox (Microsoft 365 + PBX) at ${sandbox.origin}`,
      `  Demo Microsoft tenant ${credentials.tenantId} (contoso.example), PBX account ${credentials.pbxAccountId}`,
      '',
    ].join('\n'),
  );
}

void main();
