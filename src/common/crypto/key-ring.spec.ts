import { randomBytes } from 'node:crypto';
import { KeyRing } from './key-ring';

const key = (id: string) => ({ id, key: randomBytes(32) });

describe('KeyRing', () => {
  it('encrypts with the current key and decrypts back; the same text never encrypts the same way twice', () => {
    const ring = new KeyRing([key('k1')]);
    const a = ring.encrypt('pbx-secret');
    const b = ring.encrypt('pbx-secret');
    expect(a).toMatch(/^enc:k1:/);
    expect(a).not.toBe(b);
    expect(a).not.toContain('pbx-secret');
    expect(ring.decrypt(a)).toBe('pbx-secret');
  });

  it('rotates: a new key first still reads old ciphertexts, and re-encrypts them under the new key', () => {
    const old = key('k1');
    const stored = new KeyRing([old]).encrypt('pbx-secret');
    const rotated = new KeyRing([key('k2'), old]);
    expect(rotated.decrypt(stored)).toBe('pbx-secret');
    const again = rotated.reencrypt(stored);
    expect(again).toMatch(/^enc:k2:/);
    expect(
      new KeyRing([
        { id: 'k2', key: (rotated as unknown as { keys: { key: Buffer }[] }).keys[0].key },
      ]).decrypt(again),
    ).toBe('pbx-secret');
  });

  it('refuses tampered ciphertexts and unknown keys', () => {
    const ring = new KeyRing([key('k1')]);
    const parts = ring.encrypt('pbx-secret').split(':');
    parts[4] = Buffer.from('tampered').toString('base64url');
    expect(() => ring.decrypt(parts.join(':'))).toThrow();
    expect(() => new KeyRing([key('k9')]).decrypt(ring.encrypt('x'))).toThrow(
      "key 'k1' is not in the key ring",
    );
  });
});
