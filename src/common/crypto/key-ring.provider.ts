import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { dirname } from 'node:path';
import { SecuritySettings } from '../../config/security.config';
import { ConfigError } from '../../config/env-reader';
import { othersMayAccess } from '../fs/private-files';
import { KeyRing } from './key-ring';

/**
 * The key ring from ENCRYPTION_KEYS; without it (the embedded default) a key file under data/
 * is made once and reused, readable by the owner only. A key file others could read is refused:
 * whoever read it could decrypt every secret stored.
 */
export function loadKeyRing(security: SecuritySettings): KeyRing {
  if (security.encryptionKeys) return new KeyRing(security.encryptionKeys);
  const path = security.encryptionKeyFile;
  if (!existsSync(path)) {
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    writeFileSync(path, `local:${randomBytes(32).toString('base64')}\n`, {
      mode: 0o600,
      flag: 'wx',
    });
  } else if (othersMayAccess(path)) {
    throw new ConfigError([
      `ENCRYPTION_KEY_FILE ${path} can be read by users other than its owner: make it readable by the owner only (chmod 600 ${path}).`,
    ]);
  }
  const [id, material] = readFileSync(path, 'utf8').trim().split(':');
  return new KeyRing([{ id, key: Buffer.from(material, 'base64') }]);
}
