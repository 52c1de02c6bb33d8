import { createHash } from 'node:crypto';
import { ChildProcess, spawn } from 'node:child_process';
import { connect } from 'node:net';
import { freePort } from '../sandbox/free-port';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export { freePort };

const ROOT = join(__dirname, '..', '..');
const MAIN = join(ROOT, 'dist', 'src', 'main.js');
const GUARD = join(ROOT, 'test', 'support', 'no-network.js');

export interface ServiceProcess {
  url: string;
  child: ChildProcess;
  output(): string;
  exited: Promise<number | null>;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Starts the built service (`dist/src/main.js`) as its own process, as `npm start` would. */
export async function startService(env: Record<string, string>): Promise<ServiceProcess> {
  const port = env.PORT ?? String(await freePort());
  // A queue prefix of the database's own: processes of one deployment share it, tests do not.
  const database = env.DATABASE_URL ?? env.SQLITE_PATH ?? 'default';
  const prefix = `tc-svc-${createHash('sha256').update(database).digest('hex').slice(0, 8)}`;
  let output = '';
  const child = spawn(process.execPath, ['-r', GUARD, MAIN], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      NODE_EXTRA_CA_CERTS: process.env.NODE_EXTRA_CA_CERTS ?? '',
      LOG_LEVEL: 'info',
      PORT: port,
      // A worker's metrics on a port of its own, so that workers side by side do not collide.
      METRICS_PORT: '0',
      QUEUE_PREFIX: prefix,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    url: `http://127.0.0.1:${port}`,
    child,
    output: () => output,
    exited,
    stop: async (signal = 'SIGTERM') => {
      if (child.exitCode === null) child.kill(signal);
      return exited;
    },
  };
}

/** Waits until `path` answers, or the process exits, or the time is up. */
export async function waitFor(
  service: ServiceProcess,
  path = '/health/live',
  timeoutMs = 30_000,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && service.child.exitCode === null) {
    const ok = await fetch(`${service.url}${path}`)
      .then((r) => r.status < 500)
      .catch(() => false);
    if (ok) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return false;
}

/**
 * A Redis server of the test's own, so a test can stop it under a running service. `persistent`
 * keeps an append-only file, so that `restart()` brings the same data back, as a production
 * Redis with persistence does.
 */
export async function startRedis(options: { persistent?: boolean } = {}): Promise<{
  url: string;
  stop(): Promise<void>;
  restart(downMs?: number): Promise<void>;
}> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'tc-redis-'));
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--dir', dir];
  args.push(
    ...(options.persistent
      ? ['--appendonly', 'yes', '--appendfsync', 'always']
      : ['--appendonly', 'no']),
  );
  let child = await spawnRedis(args, port);
  return {
    url: `redis://127.0.0.1:${port}`,
    stop: async () => {
      child.process.kill('SIGKILL');
      await child.exited;
      rmSync(dir, { recursive: true, force: true });
    },
    restart: async (downMs = 0) => {
      child.process.kill('SIGTERM');
      await child.exited;
      await new Promise((resolve) => setTimeout(resolve, downMs));
      child = await spawnRedis(args, port);
    },
  };
}

async function spawnRedis(args: string[], port: number) {
  const process = spawn('redis-server', args, { stdio: 'ignore' });
  const exited = new Promise<void>((resolve) => process.on('exit', () => resolve()));
  for (let i = 0; i < 100; i++) {
    const up = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.on('connect', () => (socket.end(), resolve(true)));
      socket.on('error', () => resolve(false));
    });
    if (up) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return { process, exited };
}
