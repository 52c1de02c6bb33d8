import { createHash, randomBytes } from 'node:crypto';

/** An unguessable bearer token (session, invitation): 256 random bits. */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Only hashes of tokens are stored, so a database leak yields no usable token. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
