import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startSandbox } from './server';
import { SandboxClient } from './sandbox-client';
import { seedDemo } from './demo-seed';
import { PowerDnsServer, powerDnsInstalled, startPowerDns } from './powerdns';
import { numberArg, trustSandboxCertificate } from './trusted-process';

const READY_TIMEOUT_MS = 60_000;
/** The service's own shutdown limit (SHUTDOWN_TIMEOUT_MS, 10 s by default) and a margin. */
const SERVICE_STOP_MS = Number(process.env.SHUTDOWN_TIMEOUT_MS ?? 10_000) + 5_000;
const DEMO_ADMIN_EMAIL = 'admin@provider.example';
const SBC_BASE_DOMAIN = 'customers.pbx.example';

/**
 * Direct Routing for the demo: with PowerDNS installed, a local one holds the SBC's zone, the
 * connector publishes each tenant's TXT record there, and the sandbox's Microsoft looks it up.
 * Without it, Direct Routing stays off unless SBC_BASE_DOMAIN is set (then records are published
 * by hand, and the sandbox finds none).
 */
async function demoDns(sandbox: SandboxClient): Promise<{
  env: Record<string, string>;
  server: PowerDnsServer | null;
  line: string;
}> {
  if (process.env.SBC_BASE_DOMAIN || !powerDnsInstalled())
    return {
      env: {},
      server: null,
      line: process.env.SBC_BASE_DOMAIN
        ? `  Direct Routing: SBC base domain ${process.env.SBC_BASE_DOMAIN}`
        : '  Direct Routing: off (apt-get install pdns-server pdns-backend-sqlite3 to try it with a local PowerDNS)',
    };
  const server = await startPowerDns();
  await server.createZone(SBC_BASE_DOMAIN);
  await sandbox.useDnsServers([server.dnsServer]);
  return {
    env: {
      SBC_BASE_DOMAIN,
      SBC_DNS: 'powerdns',
      PDNS_API_URL: server.apiUrl,
      PDNS_API_KEY: server.apiKey,
      // The demo's domains verify in seconds: look again every ten.
      SBC_VERIFY_RETRY_SECONDS: '10',
    },
    server,
    line: `  Direct Routing: SBC base domain ${SBC_BASE_DOMAIN}, TXT records in a local PowerDNS (${server.apiUrl})`,
  };
}

/** Made once and kept, so a later demo run (same database) prints the password that works. */
function demoAdminPassword(dir: string): string {
  const path = join(dir, 'admin-password');
  if (!existsSync(path))
    writeFileSync(path, randomBytes(12).toString('base64url'), { mode: 0o600 });
  return readFileSync(path, 'utf8').trim();
}

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
  const sandboxClient = new SandboxClient(sandbox.origin);
  const credentials = await seedDemo(sandboxClient, {
    users: numberArg('users', 200),
    redirectUris: [`${serviceUrl}/api/v1/consent/callback`],
  });
  const dns = await demoDns(sandboxClient);

  const logDir = join(process.cwd(), 'data', 'demo');
  mkdirSync(logDir, { recursive: true });
  const logPath = join(logDir, 'service.log');
  const adminPassword = demoAdminPassword(logDir);
  const log = createWriteStream(logPath, { flags: 'w' });
  // The production build, as `npm start` runs it; this file runs from the tools build.
  const serviceMain = join(__dirname, '..', '..', '..', 'dist', 'src', 'main.js');
  const service = spawn(process.execPath, [serviceMain], {
    env: {
      ...process.env,
      PORT: String(port),
      PUBLIC_URL: serviceUrl,
      MICROSOFT_AUTHORITY_HOST: sandbox.origin,
      MICROSOFT_GRAPH_BASE_URL: sandbox.origin,
      // The sandbox's PBX runs on this machine.
      PBX_ALLOW_PRIVATE_ADDRESSES: 'true',
      MICROSOFT_CLIENT_ID: credentials.clientId,
      MICROSOFT_CLIENT_SECRET: credentials.clientSecret,
      BOOTSTRAP_ADMIN_EMAIL: DEMO_ADMIN_EMAIL,
      BOOTSTRAP_ADMIN_PASSWORD: adminPassword,
      ...dns.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group: Ctrl+C reaches this launcher only, which stops the service in order.
    detached: true,
  });
  service.stdout?.pipe(log);
  service.stderr?.on('data', (chunk: Buffer) => {
    log.write(chunk);
    process.stderr.write(chunk);
  });
  let stopping: number | null = null;
  const stop = (code: number) => {
    if (stopping !== null) return;
    stopping = code;
    process.stdout.write(
      'Stopping: the service finishes its running jobs, then the sandbox stops…\n',
    );
    service.kill('SIGTERM');
    // The service exits by itself within SHUTDOWN_TIMEOUT_MS; past that and a margin, it is killed.
    setTimeout(() => service.kill('SIGKILL'), SERVICE_STOP_MS).unref();
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => stop(0));
  // 'close' comes after the service's output has been read to its end: its last lines are logged.
  service.on('close', (code, signal) => {
    if (stopping === null)
      process.stderr.write(
        `The service stopped (${signal ?? `exit code ${code}`}); its log is in ${logPath}\n`,
      );
    log.end(
      () =>
        void Promise.all([sandbox.close(), dns.server?.stop()]).then(() => {
          if (stopping !== null)
            process.stdout.write(`Stopped. The service's log is in ${logPath}\n`);
          process.exit(stopping ?? (code || 1));
        }),
    );
  });

  if (!(await waitUntilReady(`http://127.0.0.1:${port}`, service))) {
    process.stderr.write(
      `The service did not become ready within ${READY_TIMEOUT_MS / 1000} s; see ${logPath}\n`,
    );
    stop(1);
    return;
  }
  process.stdout.write(
    [
      '',
      `Teams Connector is running at ${serviceUrl}  (Ctrl+C stops everything)`,
      `  Dashboard:  ${serviceUrl}/  (sign in as the provider admin below)`,
      `  API docs:   ${serviceUrl}/api/docs`,
      `  Readiness:  ${serviceUrl}/health/ready`,
      `  Provider admin: ${DEMO_ADMIN_EMAIL} / ${adminPassword}`,
      `  Invitation e-mails are written to data/outbox/ (set SMTP_URL to send them)`,
      `  Service log: ${logPath}`,
      `Sandbox (Microsoft 365 + PBX) at ${sandbox.origin}`,
      `  Demo Microsoft tenant ${credentials.tenantId} (contoso.example), PBX account ${credentials.pbxAccountId}`,
      `  PBX API ${sandbox.origin}/pbx, client id ${credentials.pbxClientId}, secret ${credentials.pbxClientSecret}`,
      dns.line,
      'The README walks through onboarding the demo tenant in the dashboard, or with curl.',
      '',
    ].join('\n'),
  );
}

void main();
