#!/usr/bin/env node
// `npm test` and its tiers: `node test/support/run-tests.js all|unit|int|e2e|browser [jest arguments]`.
// Integration and end-to-end tests need the sandbox's certificate, made from the tools build, and
// trusted through NODE_EXTRA_CA_CERTS (Node reads that variable only at start-up); end-to-end tests
// also run the production build of the service as a process; browser journeys also need the
// dashboard built. SKIP_BROWSER_TESTS=1 leaves the browser tier out of `all` (CI runs it on one
// database only: its result does not depend on the database).
const { execFileSync, spawnSync } = require('node:child_process');
const path = require('node:path');

const root = path.resolve(__dirname, '..', '..');
const TIERS = {
  all: ['unit', 'int', 'e2e', 'browser'].filter(
    (t) => t !== 'browser' || process.env.SKIP_BROWSER_TESTS !== '1',
  ),
  unit: ['unit'],
  int: ['int'],
  e2e: ['e2e'],
  browser: ['browser'],
};
const [tier = 'all', ...jestArgs] = process.argv.slice(2);
const projects = TIERS[tier];
if (!projects) {
  console.error(`Unknown test tier '${tier}': use one of ${Object.keys(TIERS).join(', ')}.`);
  process.exit(2);
}

const tsc = (project) =>
  execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', project], {
    cwd: root,
    stdio: 'inherit',
  });
const npmRun = (script) =>
  execFileSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['run', '--silent', script], {
    cwd: root,
    stdio: 'inherit',
  });
const env = { ...process.env };
if (tier !== 'unit') {
  if (projects.includes('browser')) npmRun('build');
  else if (projects.includes('e2e')) tsc('tsconfig.build.json');
  tsc('tsconfig.tools.json');
  const { ensureCertificate, defaultCertificateDir } = require(
    path.join(root, 'dist-tools/test/sandbox/certificate.js'),
  );
  env.NODE_EXTRA_CA_CERTS = ensureCertificate(
    defaultCertificateDir(),
    'sandbox',
    'localhost',
  ).certPath;
}
const result = spawnSync(
  process.execPath,
  // The projects come last: --selectProjects takes every word after it.
  [require.resolve('jest/bin/jest'), ...jestArgs, '--selectProjects', ...projects],
  { cwd: root, stdio: 'inherit', env },
);
process.exit(result.status ?? 1);
