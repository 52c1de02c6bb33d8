import { chmodSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '../../config/env-reader';
import { SecuritySettings } from '../../config/security.config';
import { loadKeyRing } from './key-ring.provider';

const settings = (encryptionKeyFile: string) =>
  ({ encryptionKeys: null, encryptionKeyFile }) as unknown as SecuritySettings;

describe('loadKeyRing from a key file', () => {
  const dir = () => mkdtempSync(join(tmpdir(), 'tc-keys-'));

  it('makes the key file once, readable by its owner only, in a folder only the owner enters', () => {
    const path = join(dir(), 'data', 'encryption.key');
    const ring = loadKeyRing(settings(path));
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(statSync(join(path, '..')).mode & 0o777).toBe(0o700);
    expect(loadKeyRing(settings(path)).decrypt(ring.encrypt('secret'))).toBe('secret');
  });

  it('refuses a key file others can read, saying how to fix it', () => {
    const path = join(dir(), 'encryption.key');
    writeFileSync(path, `local:${randomBytes(32).toString('base64')}\n`, { mode: 0o600 });
    chmodSync(path, 0o644);
    expect(() => loadKeyRing(settings(path))).toThrow(ConfigError);
    expect(() => loadKeyRing(settings(path))).toThrow(`chmod 600 ${path}`);
    chmodSync(path, 0o600);
    expect(() => loadKeyRing(settings(path))).not.toThrow();
  });
});
