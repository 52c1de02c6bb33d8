import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

export interface CertificateFiles {
  certPath: string;
  keyPath: string;
  cert: string;
  key: string;
}

const RENEW_AFTER_MS = 20 * 24 * 3600 * 1000;

/**
 * Makes (or reuses) a self-signed certificate with `openssl`. Kept out of git; the processes that
 * talk to the sandbox trust it through NODE_EXTRA_CA_CERTS, which Node reads only at start-up, so
 * the file must exist before they start and stay the same while they run.
 */
export function ensureCertificate(dir: string, name: string, subject: string): CertificateFiles {
  mkdirSync(dir, { recursive: true });
  const certPath = join(dir, `${name}.crt`);
  const keyPath = join(dir, `${name}.key.pem`);
  const fresh = existsSync(certPath) && Date.now() - statSync(certPath).mtimeMs < RENEW_AFTER_MS;
  if (!fresh || !existsSync(keyPath)) {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-sha256',
        '-days',
        '30',
        '-keyout',
        keyPath,
        '-out',
        certPath,
        '-subj',
        `/CN=${subject}`,
        '-addext',
        `subjectAltName=DNS:${subject},DNS:localhost,IP:127.0.0.1`,
      ],
      { stdio: 'ignore' },
    );
  }
  return {
    certPath,
    keyPath,
    cert: readFileSync(certPath, 'utf8'),
    key: readFileSync(keyPath, 'utf8'),
  };
}

export function defaultCertificateDir(): string {
  return join(process.cwd(), 'data', 'sandbox');
}
