import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { normaliseNumber } from '../../src/matching/engine/normalise';
import { buildPlan } from '../../src/matching/engine/plan';
import { generatePopulation } from '../sandbox/seed/population';
import { SKU_E5 } from '../sandbox/seed/licensing';
import { SandboxClient } from '../sandbox/sandbox-client';
import { numberArg, stringArg, trustSandboxCertificate } from '../sandbox/trusted-process';
import { benchRun, RunSample } from './bench-run';
import { SandboxProcess, startSandboxProcess } from './sandbox-process';

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const seconds = (ms: number) => Math.round(ms) / 1000;

/** Runs one measured run in a fresh process and returns its figures. */
function runInChild(sandbox: SandboxProcess, users: number): Promise<RunSample> {
  const { stop: _stop, ...connection } = sandbox;
  const child = spawn(process.execPath, [__filename, '--child', '--users', String(users)], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, BENCH_SANDBOX: JSON.stringify(connection) },
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve, reject) =>
    child.on('exit', (code) =>
      code === 0
        ? resolve(JSON.parse(output) as RunSample)
        : reject(new Error(`a bench run failed (${code})`)),
    ),
  );
}

/** `npm run bench -- --users 50000 [--runs 3] [--json FILE]`: read both directories, match, plan. */
async function main(): Promise<void> {
  if (process.argv.includes('--apply'))
    throw new Error('--apply needs sync runs, which this version does not have yet.');
  if (!trustSandboxCertificate()) return;
  const users = numberArg('users', 10_000);
  if (process.argv.includes('--child')) {
    process.stdout.write(
      JSON.stringify(await benchRun(JSON.parse(process.env.BENCH_SANDBOX ?? '{}'), users)),
    );
    return;
  }
  const runs = Math.max(1, numberArg('runs', 1));
  const jsonPath = stringArg('json', '');
  process.stdout.write(
    `Seeding the sandbox with ${users} PBX users and ${users} Microsoft 365 users...\n`,
  );
  const sandbox = await startSandboxProcess(users, 42);
  try {
    await new SandboxClient(sandbox.origin).grantConsent(sandbox.tenantId, sandbox.clientId);
    const samples: RunSample[] = [];
    for (let run = 1; run <= runs; run++) {
      const s = await runInChild(sandbox, users);
      samples.push(s);
      process.stdout.write(
        `run ${run}: read PBX ${seconds(s.readPbx)} s, read Microsoft ${seconds(s.readMicrosoft)} s, match + plan ${seconds(s.plan)} s, peak RSS ${s.peakRssMb} MB\n`,
      );
    }
    const figures = {
      users,
      runs,
      database: process.env.DATABASE_URL ? 'postgres' : 'sqlite',
      readPbxSeconds: seconds(median(samples.map((s) => s.readPbx))),
      readMicrosoftSeconds: seconds(median(samples.map((s) => s.readMicrosoft))),
      matchAndPlanSeconds: seconds(median(samples.map((s) => s.plan))),
      totalSeconds: seconds(median(samples.map((s) => s.readPbx + s.readMicrosoft + s.plan))),
      graphRequests: samples[0].graphRequests,
      graphMinimum: samples[0].graphMinimum,
      graphOverheadPercent:
        Math.round(
          ((samples[0].graphRequests - samples[0].graphMinimum) / samples[0].graphMinimum) * 1000,
        ) / 10,
      throttled429: samples.reduce((n, s) => n + s.throttled, 0),
      peakRssMb: Math.max(...samples.map((s) => s.peakRssMb)),
      newMatches: samples[0].newMatches,
      engineAlone100kSeconds: engineAlone(100_000),
    };
    printTable(figures);
    if (jsonPath) writeFileSync(jsonPath, `${JSON.stringify(figures, null, 2)}\n`);
  } finally {
    sandbox.stop();
  }
}

/** The matching engine by itself: 100k PBX users against 100k Microsoft users, median of 3. */
function engineAlone(size: number): number {
  const population = generatePopulation({
    seed: 7,
    size,
    domain: 'contoso.example',
    initialDomain: 'contoso.onmicrosoft.com',
  });
  const pbxUsers = population.pbxUsers.map((u) => ({
    ...u,
    number: normaliseNumber(u.directNumber, 'US'),
  }));
  const teamsUsers = population.microsoftUsers.map((u) => ({
    id: u.id,
    userPrincipalName: u.props.userPrincipalName,
    mail: u.props.mail,
    proxyAddresses: u.props.proxyAddresses,
    displayName: u.props.displayName,
    accountEnabled: u.props.accountEnabled,
    userType: u.props.userType,
    hasPhoneSystem: u.props.assignedLicenses.some((l) => l.skuId === SKU_E5),
    accountType: 'user',
    numbers: [],
    enterpriseVoiceEnabled: false,
    voiceRoutingPolicyId: null,
  }));
  const times = [1, 2, 3].map(() => {
    const started = performance.now();
    buildPlan({
      mode: 'automatic',
      pbxUsers,
      teamsUsers,
      manualMappings: [],
      syncedLinks: [],
      numberHolders: new Map(population.teamsNumbers),
      connectorSeats: size,
      voiceRoutingPolicyId: null,
      defaultRegion: 'US',
    });
    return performance.now() - started;
  });
  return seconds(median(times));
}

function printTable(figures: Record<string, unknown>): void {
  const width = Math.max(...Object.keys(figures).map((k) => k.length));
  process.stdout.write(
    `\n${Object.entries(figures)
      .map(([k, v]) => `${k.padEnd(width)}  ${v}`)
      .join('\n')}\n`,
  );
}

main().catch((error: Error) => {
  process.stderr.write(`${error.stack ?? error.message}\n`);
  process.exit(1);
});
