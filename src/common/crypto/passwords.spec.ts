import { hashPassword, UNKNOWN_ACCOUNT_HASH, verifyPassword } from './passwords';

describe('password hashing (scrypt)', () => {
  it('verifies the right password and refuses others, with a fresh salt per hash', async () => {
    const hash = await hashPassword('correct horse battery staple');
    expect(hash).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(await hashPassword('correct horse battery staple')).not.toBe(hash);
    expect(await verifyPassword('correct horse battery staple', hash)).toBe(true);
    expect(await verifyPassword('correct horse battery stapl', hash)).toBe(false);
  });

  it('treats Unicode forms of the same password alike', async () => {
    const hash = await hashPassword('Zoë-password-123'.normalize('NFC'));
    expect(await verifyPassword('Zoë-password-123'.normalize('NFD'), hash)).toBe(true);
  });

  it('never accepts anything against the unknown-account hash', async () => {
    expect(await verifyPassword('', UNKNOWN_ACCOUNT_HASH)).toBe(false);
    expect(await verifyPassword('anything', 'not-a-hash')).toBe(false);
  });
});
