#!/usr/bin/env node
// `npm test`: type-checks and builds (the e2e tests run the built service), makes the sandbox
// certificate, then runs Jest with NODE_EXTRA_CA_CERTS so that every test process trusts the
// sandbox (Node reads that variable only at start-up). Extra arguments go to Jest.
const { execFileSync, spawnSync } = require('node:child_process');
const path = require('node:path');

const root = path.resolve(__dirname, '..', '..');
execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.json'], {
  cwd: root,
  stdio: 'inherit',
});
const { ensureCertificate, defaultCertificateDir } = require(
  path.join(root, 'dist/test/sandbox/certificate.js'),
);
const certificate = ensureCertificate(defaultCertificateDir(), 'sandbox', 'localhost');
const result = spawnSync(
  process.execPath,
  [require.resolve('jest/bin/jest'), ...process.argv.slice(2)],
  {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, NODE_EXTRA_CA_CERTS: certificate.certPath },
  },
);
process.exit(result.status ?? 1);
