import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';

export interface SandboxProcess {
  origin: string;
  clientId: string;
  clientSecret: string;
  tenantId: string;
  pbxAccountId: string;
  pbxClientId: string;
  pbxClientSecret: string;
  stop(): void;
}

/** The sandbox in a process of its own, seeded with a population, so it costs the bench no memory. */
export function startSandboxProcess(users: number, seed: number): Promise<SandboxProcess> {
  const child: ChildProcess = spawn(
    process.execPath,
    [
      ...process.execArgv,
      '--max-old-space-size=4096',
      join(__dirname, '..', 'sandbox', 'cli.js'),
      '--users',
      String(users),
      '--seed',
      String(seed),
      '--port',
      '0',
    ],
    { stdio: ['ignore', 'pipe', 'inherit'], env: process.env },
  );
  let output = '';
  return new Promise((resolve, reject) => {
    child.on('exit', (code) =>
      reject(new Error(`the sandbox exited (${code}) before it was ready:\n${output}`)),
    );
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const grab = (pattern: RegExp) => pattern.exec(output)?.[1];
      const secret = grab(/MICROSOFT_CLIENT_SECRET=(\S+)/);
      const pbx = /PBX client id (\S+), secret (\S+)/.exec(output);
      if (!secret || !pbx) return;
      resolve({
        origin: grab(/Sandbox running at (\S+)/)!,
        clientId: grab(/MICROSOFT_CLIENT_ID=(\S+)/)!,
        clientSecret: secret,
        tenantId: grab(/Demo Microsoft tenant (\S+)/)!,
        pbxAccountId: grab(/PBX account (\S+?)\./)!,
        pbxClientId: pbx[1],
        pbxClientSecret: pbx[2],
        stop: () => child.kill('SIGTERM'),
      });
    });
  });
}
