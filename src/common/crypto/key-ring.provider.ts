import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { dirname } from 'node:path';
import { SecuritySettings } from '../../config/security.config';
import { KeyRing } from './key-ring';

/**
 * The key ring from ENCRYPTION_KEYS; without it (the embedded default) a key file under data/
 * is made once and reused, readable by the owner only.
 */
export function loadKeyRing(security: SecuritySettings): KeyRing {
  if (security.encryptionKeys) return new KeyRing(security.encryptionKeys);
  const path = security.encryptionKeyFile;
  if (!existsSync(path)) {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, `local:${randomBytes(32).toString('base64')}\n`, {
      mode: 0o600,
      flag: 'wx',
    });
  }
  const [id, material] = readFileSync(path, 'utf8').trim().split(':');
  return new KeyRing([{ id, key: Buffer.from(material, 'base64') }]);
}
