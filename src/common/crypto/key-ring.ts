import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';

export interface EncryptionKey {
  id: string;
  key: Buffer;
}

const PREFIX = 'enc';

/**
 * AES-256-GCM with named keys. The first key encrypts; every listed key decrypts, so a key is
 * rotated by putting a new one first and re-encrypting (see `reencrypt`) before dropping the old.
 * Ciphertexts read `enc:<keyId>:<iv>:<tag>:<data>` (base64url parts).
 */
export class KeyRing {
  constructor(private readonly keys: EncryptionKey[]) {
    if (keys.length === 0) throw new Error('A key ring needs at least one key');
  }

  get currentKeyId(): string {
    return this.keys[0].id;
  }

  encrypt(plaintext: string): string {
    const { id, key } = this.keys[0];
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [
      PREFIX,
      id,
      iv.toString('base64url'),
      cipher.getAuthTag().toString('base64url'),
      data.toString('base64url'),
    ].join(':');
  }

  decrypt(ciphertext: string): string {
    const [prefix, id, iv, tag, data] = ciphertext.split(':');
    const entry = this.keys.find((k) => k.id === id);
    if (prefix !== PREFIX || !entry || !iv || !tag || data === undefined) {
      throw new Error(
        `Cannot decrypt: ${entry ? 'malformed ciphertext' : `key '${id}' is not in the key ring`}`,
      );
    }
    const decipher = createDecipheriv('aes-256-gcm', entry.key, Buffer.from(iv, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([
      decipher.update(Buffer.from(data, 'base64url')),
      decipher.final(),
    ]).toString('utf8');
  }

  /** The same plaintext under the current key; unchanged when it already is. */
  reencrypt(ciphertext: string): string {
    return ciphertext.split(':')[1] === this.currentKeyId
      ? ciphertext
      : this.encrypt(this.decrypt(ciphertext));
  }

  /** A MAC key for one purpose, derived from the current key (so it rotates with it). */
  macKey(purpose: string): Buffer {
    return createHmac('sha256', this.keys[0].key).update(`teams-connector:${purpose}`).digest();
  }
}
