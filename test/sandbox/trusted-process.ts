import { spawn } from 'node:child_process';
import { CertificateFiles, defaultCertificateDir, ensureCertificate } from './certificate';

/**
 * Node reads NODE_EXTRA_CA_CERTS only when it starts. A launcher that must trust the sandbox
 * makes the certificate, then runs itself again with the variable set. Returns the certificate
 * when this process already trusts it, or null after handing over to the child.
 */
export function trustSandboxCertificate(): CertificateFiles | null {
  const certificate = ensureCertificate(defaultCertificateDir(), 'sandbox', 'localhost');
  if (process.env.NODE_EXTRA_CA_CERTS === certificate.certPath) return certificate;
  const child = spawn(process.execPath, [...process.execArgv, ...process.argv.slice(1)], {
    stdio: 'inherit',
    env: { ...process.env, NODE_EXTRA_CA_CERTS: certificate.certPath },
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
  return null;
}

export function numberArg(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  if (index === -1) return fallback;
  const value = Number(process.argv[index + 1]);
  if (!Number.isFinite(value) || value < 0) {
    process.stderr.write(`--${name} needs a non-negative number\n`);
    process.exit(2);
  }
  return value;
}

export function stringArg(name: string, fallback: string): string {
  const index = process.argv.indexOf(`--${name}`);
  return index === -1 ? fallback : (process.argv[index + 1] ?? fallback);
}
