import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { powerDnsInstalled } from '../sandbox/powerdns';
import { freePort } from '../support/service-process';

const DEMO = join(__dirname, '..', '..', 'dist-tools', 'test', 'sandbox', 'demo.js');

const listening = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => resolve(socket.destroy() !== undefined));
    socket.once('error', () => resolve(false));
  });

/** Processes whose environment holds this entry: the launchers and the service they started. */
function processesWith(entry: string): number[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0').includes(entry);
      } catch {
        return false; // gone meanwhile, or not ours
      }
    })
    .map(Number);
}

describe('npm run demo', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tc-demo-'));
  let prefix = '';
  afterAll(() => {
    // Whatever a failed run left behind goes, so that Jest can end.
    for (const pid of prefix ? processesWith(`QUEUE_PREFIX=${prefix}`) : [])
      process.kill(pid, 'SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  it('stops on Ctrl+C: the service shuts down in order, its last log lines kept, then the sandbox; no process is left', async () => {
    const [port, sandboxPort] = [await freePort(), await freePort()];
    prefix = `tc-demo-${randomBytes(4).toString('hex')}`;
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      PORT: String(port),
      QUEUE_PREFIX: prefix,
    };
    // Not trusting the sandbox's certificate yet, the launcher runs itself again, as `npm run demo` does.
    const demo = spawn(
      process.execPath,
      [DEMO, '--sandbox-port', String(sandboxPort), '--users', '5'],
      {
        cwd: dir,
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
        // A process group of its own, as a terminal gives the command it runs.
        detached: true,
      },
    );
    let output = '';
    demo.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    demo.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) =>
      demo.on('exit', (code) => resolve(code)),
    );
    for (let i = 0; i < 600 && !output.includes('Teams Connector is running'); i++)
      await new Promise((resolve) => setTimeout(resolve, 100));
    expect(output).toContain('Teams Connector is running');
    // The launcher, the launcher it ran again to trust the sandbox, the service, and the
    // PowerDNS that holds the SBC's zone when it is installed.
    expect(processesWith(`QUEUE_PREFIX=${prefix}`)).toHaveLength(powerDnsInstalled() ? 4 : 3);

    // Ctrl+C: the terminal sends SIGINT to every process of the foreground group.
    process.kill(-demo.pid!, 'SIGINT');
    expect(await exited).toBe(0);

    expect(output).toContain('Stopped.');
    const log = readFileSync(join(dir, 'data', 'demo', 'service.log'), 'utf8');
    expect(log.trim().split('\n').at(-1)).toContain('"msg":"stopped"');
    expect(processesWith(`QUEUE_PREFIX=${prefix}`)).toEqual([]);
    expect(await listening(port)).toBe(false);
    expect(await listening(sandboxPort)).toBe(false);
  }, 120_000);
});
