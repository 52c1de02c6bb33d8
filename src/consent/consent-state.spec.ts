import { randomBytes } from 'node:crypto';
import { signConsentState, verifyConsentState } from './consent-state';
import { describeConsentRefusal } from './consent-errors';

const payload = {
  requestId: 'r-1',
  tenantId: 't-1',
  operatorId: 'o-1',
  expiresAt: 1_900_000_000_000,
  step: 'sign-in' as const,
};

describe('consent state', () => {
  const key = randomBytes(32);

  it('round-trips what it signs', () => {
    expect(verifyConsentState(signConsentState(payload, key), key)).toEqual(payload);
  });

  it.each([
    ['another key', (s: string) => s, randomBytes(32)],
    [
      'a changed payload',
      (s: string) =>
        `${Buffer.from(JSON.stringify(['r-1', 't-2', 'o-1', payload.expiresAt, 'sign-in'])).toString('base64url')}.${s.split('.')[1]}`,
      key,
    ],
    [
      'a changed step',
      (s: string) =>
        `${Buffer.from(JSON.stringify(['r-1', 't-1', 'o-1', payload.expiresAt, 'consent'])).toString('base64url')}.${s.split('.')[1]}`,
      key,
    ],
    ['a changed signature', (s: string) => `${s.slice(0, -2)}xx`, key],
    ['an extra part', (s: string) => `${s}.x`, key],
    ['garbage', () => 'not-a-state', key],
  ])('refuses %s', (_, change, verifyKey) => {
    expect(verifyConsentState(change(signConsentState(payload, key)), verifyKey)).toBeNull();
  });
});

describe('describeConsentRefusal', () => {
  it.each([
    [
      'access_denied',
      'AADSTS65004: User declined to consent to access the app.\r\nTrace ID: x',
      /declined to grant the permissions \(AADSTS65004\)/,
    ],
    [
      'access_denied',
      'AADSTS50020: User account from identity provider does not exist in tenant',
      /another Microsoft 365 organisation \(AADSTS50020\)/,
    ],
    [
      'access_denied',
      'AADSTS90094: Admin consent is required',
      /Global Administrator .* \(AADSTS90094\)/,
    ],
    ['consent_required', undefined, /consent was not granted \(consent_required\)/],
    [
      'server_error',
      'AADSTS90033: A transient error has occurred.\r\nTrace ID: x',
      /could not complete the consent \(AADSTS90033\): AADSTS90033: A transient error has occurred\.$/,
    ],
  ])('%s / %s', (error, description, expected) => {
    expect(describeConsentRefusal(error, description)).toMatch(expected);
  });
});
