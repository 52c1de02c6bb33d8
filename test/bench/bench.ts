import { fork, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { normaliseNumber } from '../../src/matching/engine/normalise';
import { generatePopulation } from '../sandbox/seed/population';
import { SKU_E5 } from '../sandbox/seed/licensing';
import { SandboxClient } from '../sandbox/sandbox-client';
import { numberArg, stringArg, trustSandboxCertificate } from '../sandbox/trusted-process';
import { isolatedDatabase } from '../support/test-database';
import { applyRun, ApplySample } from './bench-apply';
import { MappingImportSample, measureMappingImport, seedMappingTenant } from './bench-mapping';
import { BenchService, serveForBench } from './bench-service';
import { FleetSample, measureFleet, seedFleet } from './bench-fleet';
import { engineShapes, median, timePlan } from './bench-engine';
import { PreviewSample, PreviewSeries, previewSeries } from './bench-preview';
import { SandboxProcess, startSandboxProcess } from './sandbox-process';

// The old-generation cap `npm start` and the Docker image give the service's processes.
const SERVICE_NODE_FLAGS = ['--max-old-space-size=1024'];

/** Runs this program again as a child with `args` and `env`, and returns what it prints as JSON. */
function spawnChild<T>(args: string[], env: Record<string, string>): Promise<T> {
  // With this process's Node flags (--cpu-prof, say), so that the child can be profiled too.
  const child = spawn(
    process.execPath,
    [...SERVICE_NODE_FLAGS, ...process.execArgv, __filename, '--child', ...args],
    { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, ...env } },
  );
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve, reject) =>
    child.on('exit', (code) =>
      code === 0
        ? resolve(JSON.parse(output) as T)
        : reject(new Error(`a bench child failed (${code})`)),
    ),
  );
}

/** The service in a child process, for the parent to send it requests and read its peak RSS. */
function forkService(
  args: string[],
  env: Record<string, string>,
): Promise<BenchService & { stop: () => void }> {
  const child = fork(__filename, ['--child', ...args], {
    env: { ...process.env, ...env },
    execArgv: [...SERVICE_NODE_FLAGS, ...process.execArgv],
  });
  const next = <T>(pick: (message: Record<string, number>) => T | undefined) =>
    new Promise<T>((resolve, reject) => {
      const onMessage = (message: Record<string, number>) => {
        const value = pick(message);
        if (value === undefined) return;
        child.off('message', onMessage);
        resolve(value);
      };
      child.on('message', onMessage);
      child.once('exit', (code) => reject(new Error(`the bench service exited (${code})`)));
    });
  return next((m) => m.port).then((port) => ({
    origin: `http://127.0.0.1:${port}`,
    peakRssMb: () => {
      child.send('peak');
      return next((m) => m.peakRssMb);
    },
    stop: () => void child.send('stop'),
  }));
}

/** Runs one measured run in a fresh process and returns its figures. */
function runInChild<T>(sandbox: SandboxProcess, args: string[]): Promise<T> {
  const { stop: _stop, ...connection } = sandbox;
  return spawnChild<T>(args, { BENCH_SANDBOX: JSON.stringify(connection) });
}

/**
 * `npm run bench -- --users 50000 [--runs 3] [--previews 3] [--json FILE]`: previews of one tenant
 * in one process, as the service makes them (read both directories, match, plan, store): the first
 * on an empty database, then re-previews over the stored snapshots.
 * `npm run bench -- --fleet 1000 [--runs 3]`: GET /fleet over that many tenants, p50 and p95 of 200
 * pages sorted by health and 200 "needs attention" lists, the service in a process of its own.
 * `npm run bench -- --mapping-import 100000 [--runs 3]`: a manual-mapping CSV of that many rows
 * imported over HTTP, as a dry run and for real, each run in a process of its own.
 * `npm run bench -- --users 10000 --apply [--teams-rps 30]`: a full run applied in Teams against
 * Teams' limit (requests per second per lane, GETs and the rest), then an incremental run after 10
 * changed users.
 */
async function main(): Promise<void> {
  if (!trustSandboxCertificate()) return;
  const users = numberArg('users', 10_000);
  if (process.argv.includes('--engine')) return printTable({ users, ...engineShapes(users) });
  const apply = process.argv.includes('--apply');
  const fleetTenants = numberArg('fleet', 0);
  if (process.argv.includes('--child') && fleetTenants > 0) {
    const dbEnv = JSON.parse(process.env.BENCH_DB ?? '{}') as Record<string, string>;
    if (!process.argv.includes('--seed')) return serveForBench(dbEnv);
    await seedFleet(dbEnv, fleetTenants);
    process.stdout.write('null');
    return;
  }
  if (fleetTenants > 0) return benchFleet(fleetTenants, Math.max(1, numberArg('runs', 1)));
  const mappingRows = numberArg('mapping-import', 0);
  if (process.argv.includes('--child') && mappingRows > 0) {
    const dbEnv = JSON.parse(process.env.BENCH_DB ?? '{}') as Record<string, string>;
    if (!process.argv.includes('--seed')) return serveForBench(dbEnv);
    process.stdout.write(JSON.stringify(await seedMappingTenant(dbEnv, mappingRows)));
    return;
  }
  if (mappingRows > 0) return benchMappingImport(mappingRows, Math.max(1, numberArg('runs', 1)));
  if (process.argv.includes('--child')) {
    const sandbox = JSON.parse(process.env.BENCH_SANDBOX ?? '{}') as SandboxProcess;
    const sample = apply
      ? await applyRun(sandbox, users)
      : await previewSeries(sandbox, users, numberArg('previews', 3));
    process.stdout.write(JSON.stringify(sample));
    return;
  }
  const runs = Math.max(1, numberArg('runs', 1));
  const jsonPath = stringArg('json', '');
  if (apply) return benchApply(users, runs, numberArg('teams-rps', 30), jsonPath);
  process.stdout.write(
    `Seeding the sandbox with ${users} PBX users and ${users} Microsoft 365 users...\n`,
  );
  const sandbox = await startSandboxProcess(users, 42);
  try {
    await new SandboxClient(sandbox.origin).grantConsent(sandbox.tenantId, sandbox.clientId);
    const series: PreviewSeries[] = [];
    const previews = Math.max(2, numberArg('previews', 3));
    for (let run = 1; run <= runs; run++) {
      const args = ['--users', String(users), '--previews', String(previews)];
      const s = await runInChild<PreviewSeries>(sandbox, args);
      series.push(s);
      s.previews.forEach((p, i) =>
        process.stdout.write(
          `run ${run}, preview ${i + 1}: ${p.seconds} s (read PBX ${p.readPbxSeconds} s, read Microsoft ${p.readMicrosoftSeconds} s, plan ${p.planSeconds} s, store ${p.storeSeconds} s), peak RSS ${p.peakRssMb} MB (steps ${p.stepPeakRssMb.readPbx}/${p.stepPeakRssMb.readMicrosoft}/${p.stepPeakRssMb.plan}/${p.stepPeakRssMb.store}), ${p.graphRequests} Graph requests\n`,
        ),
      );
    }
    // The median over runs of one figure of the first preview, or of the worst later one.
    const first = (pick: (p: PreviewSample) => number) =>
      median(series.map((s) => pick(s.previews[0])));
    const later = (pick: (p: PreviewSample) => number) =>
      median(series.map((s) => Math.max(...s.previews.slice(1).map(pick))));
    const figures = {
      users,
      runs,
      previewsPerProcess: previews,
      database: process.env.DATABASE_URL ? 'postgres' : 'sqlite',
      firstPreviewSeconds: first((p) => p.seconds),
      firstReadPbxSeconds: first((p) => p.readPbxSeconds),
      firstReadMicrosoftSeconds: first((p) => p.readMicrosoftSeconds),
      firstPlanSeconds: first((p) => p.planSeconds),
      firstStoreSeconds: first((p) => p.storeSeconds),
      rePreviewSeconds: later((p) => p.seconds),
      reReadPbxSeconds: later((p) => p.readPbxSeconds),
      reReadMicrosoftSeconds: later((p) => p.readMicrosoftSeconds),
      baselineRssMb: Math.max(...series.map((s) => s.baselineRssMb)),
      firstPeakRssMb: Math.max(...series.map((s) => s.previews[0].peakRssMb)),
      laterPeakRssMb: Math.max(
        ...series.flatMap((s) => s.previews.slice(1).map((p) => p.peakRssMb)),
      ),
      // Where the peak falls: reading the directories, or planning and storing the plan.
      readPeakRssMb: Math.max(
        ...series.flatMap((s) =>
          s.previews.map((p) => Math.max(p.stepPeakRssMb.readPbx, p.stepPeakRssMb.readMicrosoft)),
        ),
      ),
      planPeakRssMb: Math.max(
        ...series.flatMap((s) =>
          s.previews.map((p) => Math.max(p.stepPeakRssMb.plan, p.stepPeakRssMb.store)),
        ),
      ),
      graphRequestsPerPreview: series[0].previews[0].graphRequests,
      graphMinimum: series[0].graphMinimum,
      throttled429: series.reduce(
        (n, s) => n + s.previews.reduce((m, p) => m + p.throttled429, 0),
        0,
      ),
      newMatches: series[0].newMatches,
      // An incremental run's plan after 10 changes, over the same snapshots.
      affectedPlanSeconds: median(series.map((s) => s.affectedPlan.seconds)),
      affectedPlanUsers: series[0].affectedPlan.users,
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
    voiceRoutingPolicyName: null,
  }));
  return timePlan(pbxUsers, teamsUsers, new Map(population.teamsNumbers));
}

/** Each run on a fresh database: seeded in one process, measured in another (its peak RSS). */
async function benchMappingImport(rows: number, runs: number) {
  const samples: MappingImportSample[] = [];
  for (let run = 1; run <= runs; run++) {
    const db = await isolatedDatabase();
    try {
      const args = ['--mapping-import', String(rows)];
      const env = { BENCH_DB: JSON.stringify(db.env) };
      process.stdout.write(`run ${run}: seeding ${rows} users each side...\n`);
      const tenantId = await spawnChild<string>([...args, '--seed'], env);
      const service = await forkService(args, env);
      const s = await measureMappingImport(service, tenantId, rows).finally(service.stop);
      samples.push(s);
      process.stdout.write(
        `run ${run}: dry run ${s.dryRunSeconds} s, import ${s.importSeconds} s, ${s.accepted} accepted, peak RSS ${s.peakRssMb} MB\n`,
      );
    } finally {
      await db.drop();
    }
  }
  const mid = (pick: (s: MappingImportSample) => number) => median(samples.map(pick));
  printTable({
    rows,
    runs,
    database: process.env.DATABASE_URL ? 'postgres' : 'sqlite',
    fileMb: samples[0].fileMb,
    dryRunSeconds: mid((s) => s.dryRunSeconds),
    importSeconds: mid((s) => s.importSeconds),
    accepted: mid((s) => s.accepted),
    rejected: Math.max(...samples.map((s) => s.rejected)),
    baselineRssMb: Math.max(...samples.map((s) => s.baselineRssMb)),
    peakRssMb: Math.max(...samples.map((s) => s.peakRssMb)),
  });
}

/** Each run on a fresh database: seeded in one process, the service in another. */
async function benchFleet(tenants: number, runs: number) {
  const samples: FleetSample[] = [];
  for (let run = 1; run <= runs; run++) {
    const db = await isolatedDatabase();
    try {
      const args = ['--fleet', String(tenants)];
      const env = { BENCH_DB: JSON.stringify(db.env) };
      process.stdout.write(`run ${run}: seeding ${tenants} tenants...\n`);
      await spawnChild<null>([...args, '--seed'], env);
      const service = await forkService(args, env);
      const s = await measureFleet(service, tenants, 200).finally(service.stop);
      samples.push(s);
      process.stdout.write(
        `run ${run}: GET /fleet p50 ${s.p50Ms} ms, p95 ${s.p95Ms} ms; needsAttention p95 ${s.attentionP95Ms} ms\n`,
      );
    } finally {
      await db.drop();
    }
  }
  const mid = (pick: (s: FleetSample) => number) => median(samples.map(pick));
  printTable({
    tenants,
    runs,
    requestsPerRun: samples[0].requests * 2,
    database: process.env.DATABASE_URL ? 'postgres' : 'sqlite',
    p50Ms: mid((s) => s.p50Ms),
    p95Ms: mid((s) => s.p95Ms),
    needsAttentionP95Ms: mid((s) => s.attentionP95Ms),
  });
}

// How long Teams takes to finish a number operation in the apply bench (not documented).
const TEAMS_OPERATION_MS = 3_000;

/** Each run on a freshly seeded sandbox, since a run changes Teams' state. */
async function benchApply(users: number, runs: number, teamsRps: number, jsonPath: string) {
  const samples: ApplySample[] = [];
  for (let run = 1; run <= runs; run++) {
    process.stdout.write(`run ${run}: seeding the sandbox with ${users} users each side...\n`);
    const sandbox = await startSandboxProcess(users, 42);
    try {
      const control = new SandboxClient(sandbox.origin);
      await control.grantConsent(sandbox.tenantId, sandbox.clientId);
      await control.updateSettings(sandbox.tenantId, {
        teamsRequestsPerSecond: { read: teamsRps, write: teamsRps },
        // Teams finishes a number operation in its own time, whether it is polled or not: the
        // sandbox's shortcut for tests (done at the second poll) would make polling set it.
        operationPollsToFinish: Number.MAX_SAFE_INTEGER,
        operationSettleMs: TEAMS_OPERATION_MS,
      });
      const s = await runInChild<ApplySample>(sandbox, ['--users', String(users), '--apply']);
      samples.push(s);
      process.stdout.write(
        `run ${run}: applied ${s.applied} users in ${s.applySeconds} s, ${utilisation(s, teamsRps)} % of Teams' limit, ${s.throttled429} × 429, incremental ${s.incrementalSeconds} s (queued ${s.incrementalSteps.queuedSeconds} s, plan ${s.incrementalSteps.planSeconds} s, apply ${s.incrementalSteps.applySeconds} s, of which Teams' number operations ${s.incrementalSteps.teamsOperationsSeconds} s)\n`,
      );
    } finally {
      sandbox.stop();
    }
  }
  const mid = (pick: (s: ApplySample) => number) => median(samples.map(pick));
  const figures = {
    users,
    runs,
    database: process.env.DATABASE_URL ? 'postgres' : 'sqlite',
    teamsLimitPerSecondPerLane: teamsRps,
    teamsOperationSeconds: TEAMS_OPERATION_MS / 1000,
    usersApplied: mid((s) => s.applied),
    planSeconds: mid((s) => s.planSeconds),
    applySeconds: mid((s) => s.applySeconds),
    usersPerSecond: mid((s) => Math.round((s.applied / s.applySeconds) * 10) / 10),
    teamsReadsPerSecond: mid((s) => Math.round(s.requests.teamsRead / s.applySeconds)),
    teamsWritesPerSecond: mid((s) => Math.round(s.requests.teamsWrite / s.applySeconds)),
    directoryRequests: mid((s) => s.requests.directory),
    teamsLimitUsedPercent: mid((s) => utilisation(s, teamsRps)),
    graphRequestsPerUser: mid((s) => s.graphRequestsPerUser),
    throttled429: mid((s) => s.throttled429),
    failuresFromThrottling: Math.max(...samples.map((s) => s.failuresFromThrottling)),
    failuresLeft: Math.max(...samples.map((s) => s.failures)),
    incrementalAfter10ChangesSeconds: mid((s) => s.incrementalSeconds),
    incrementalQueuedSeconds: mid((s) => s.incrementalSteps.queuedSeconds),
    incrementalPlanSeconds: mid((s) => s.incrementalSteps.planSeconds),
    incrementalApplySeconds: mid((s) => s.incrementalSteps.applySeconds),
    incrementalTeamsOperationsSeconds: mid((s) => s.incrementalSteps.teamsOperationsSeconds),
    // The run's time less the time its number operations took in Teams.
    incrementalOwnSeconds: mid(
      (s) =>
        Math.round((s.incrementalSeconds - s.incrementalSteps.teamsOperationsSeconds) * 1000) /
        1000,
    ),
    incrementalUsersApplied: mid((s) => s.incrementalApplied),
    peakRssMb: Math.max(...samples.map((s) => s.peakRssMb)),
  };
  printTable(figures);
  if (jsonPath) writeFileSync(jsonPath, `${JSON.stringify(figures, null, 2)}\n`);
}

/** The busier Teams lane's share of its limit over the apply. */
const utilisation = (s: ApplySample, teamsRps: number) =>
  Math.round(
    (Math.max(s.requests.teamsRead, s.requests.teamsWrite) / s.applySeconds / teamsRps) * 1000,
  ) / 10;

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
