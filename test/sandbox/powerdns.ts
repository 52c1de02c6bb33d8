import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { freePort } from './free-port';

const SCHEMA = '/usr/share/doc/pdns-backend-sqlite3/schema.sqlite3.sql';
const binary = () => process.env.PDNS_SERVER_PATH ?? '/usr/sbin/pdns_server';

/** Whether Debian's pdns-server and its SQLite backend are installed. */
export function powerDnsInstalled(): boolean {
  return existsSync(binary()) && existsSync(SCHEMA);
}

export interface PowerDnsServer {
  /** `127.0.0.1:port`, for a resolver's `setServers`. */
  dnsServer: string;
  apiUrl: string;
  apiKey: string;
  /** Creates a zone this server is authoritative for. */
  createZone(name: string): Promise<void>;
  /** Publishes a TXT record in `zone`, as the provider would by hand. */
  publishTxt(zone: string, name: string, text: string): Promise<void>;
  stop(): Promise<void>;
}

async function waitForApi(
  apiUrl: string,
  apiKey: string,
  child: ChildProcess,
  log: () => string,
): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (child.exitCode !== null) throw new Error(`pdns_server exited:\n${log()}`);
    const up = await fetch(`${apiUrl}/api/v1/servers/localhost`, {
      headers: { 'x-api-key': apiKey },
    }).then(
      (r) => r.ok,
      () => false,
    );
    if (up) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`pdns_server did not answer:\n${log()}`);
}

/**
 * A real PowerDNS Authoritative server (Debian's pdns-server with its SQLite backend) in a temporary
 * directory, answering DNS and its HTTP API on free local ports.
 */
export async function startPowerDns(): Promise<PowerDnsServer> {
  const apiKey = randomBytes(16).toString('hex');
  let schema: string;
  try {
    schema = readFileSync(SCHEMA, 'utf8');
  } catch {
    throw new Error('PowerDNS is needed: apt-get install pdns-server pdns-backend-sqlite3');
  }
  const dir = mkdtempSync(join(tmpdir(), 'pdns-'));
  const database = new Database(join(dir, 'pdns.sqlite3'));
  database.exec(schema);
  database.close();
  const [dnsPort, apiPort] = [await freePort(), await freePort()];
  writeFileSync(
    join(dir, 'pdns.conf'),
    [
      'launch=gsqlite3',
      `gsqlite3-database=${join(dir, 'pdns.sqlite3')}`,
      'local-address=127.0.0.1',
      `local-port=${dnsPort}`,
      'api=yes',
      `api-key=${apiKey}`,
      'webserver=yes',
      'webserver-address=127.0.0.1',
      `webserver-port=${apiPort}`,
      'webserver-allow-from=127.0.0.0/8',
      `socket-dir=${dir}`,
      'daemon=no',
      'guardian=no',
      // No security-status lookups on the internet, and no caches: an answer is the zone as it is.
      'security-poll-suffix=',
      'cache-ttl=0',
      'negquery-cache-ttl=0',
      'query-cache-ttl=0',
      '',
    ].join('\n'),
  );
  let output = '';
  const child = spawn(binary(), [`--config-dir=${dir}`], {
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group: a Ctrl+C meant for the demo reaches its launcher, which stops it last.
    detached: true,
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const apiUrl = `http://127.0.0.1:${apiPort}`;
  try {
    await waitForApi(apiUrl, apiKey, child, () => output);
  } catch (error) {
    child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    dnsServer: `127.0.0.1:${dnsPort}`,
    apiUrl,
    apiKey,
    async createZone(name) {
      const response = await fetch(`${apiUrl}/api/v1/servers/localhost/zones`, {
        method: 'POST',
        headers: { 'x-api-key': apiKey, 'content-type': 'application/json' },
        body: JSON.stringify({ name: `${name}.`, kind: 'Native', nameservers: [`ns1.${name}.`] }),
      });
      if (!response.ok)
        throw new Error(`zone ${name}: ${response.status} ${await response.text()}`);
    },
    async publishTxt(zone, name, text) {
      const response = await fetch(`${apiUrl}/api/v1/servers/localhost/zones/${zone}.`, {
        method: 'PATCH',
        headers: { 'x-api-key': apiKey, 'content-type': 'application/json' },
        body: JSON.stringify({
          rrsets: [
            {
              name: `${name}.`,
              type: 'TXT',
              ttl: 300,
              changetype: 'REPLACE',
              records: [{ content: `"${text}"`, disabled: false }],
            },
          ],
        }),
      });
      if (!response.ok) throw new Error(`TXT ${name}: ${response.status} ${await response.text()}`);
    },
    async stop() {
      child.kill('SIGTERM');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
