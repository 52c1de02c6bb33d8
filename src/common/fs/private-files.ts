import { closeSync, mkdirSync, openSync, statSync } from 'node:fs';
import { dirname } from 'node:path';

/** Creates `path` (and its folder) readable and writable by this user only, if it is not there. */
export function ensurePrivateFile(path: string): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  closeSync(openSync(path, 'a', 0o600));
}

/** Whether anyone but the owner may read, write or run the file (its group or other bits). */
export function othersMayAccess(path: string): boolean {
  return (statSync(path).mode & 0o077) !== 0;
}
