import { MicrosoftError } from '../microsoft/microsoft-error';
import { failureCodeOf, FAILURES } from './failure-codes';
import { nextRetryAt } from '../sync/run-outcomes';

describe('failure codes', () => {
  it.each([
    [new MicrosoftError('transient', 'x', { status: 429 }), true, 'THROTTLED'],
    [new MicrosoftError('transient', 'x', { status: 503 }), true, 'MICROSOFT_UNAVAILABLE'],
    [new MicrosoftError('transient', 'x', {}), false, 'MICROSOFT_UNAVAILABLE'],
    [new MicrosoftError('auth_revoked', 'x', { status: 401 }), true, 'CONSENT_REVOKED'],
    [new MicrosoftError('invalid_credentials', 'x'), false, 'CONNECTOR_CREDENTIALS_INVALID'],
    [
      new MicrosoftError('insufficient_permissions', 'x', { status: 403 }),
      true,
      'INSUFFICIENT_PERMISSIONS',
    ],
    [new MicrosoftError('not_found', 'x', { status: 404 }), false, 'TEAMS_USER_NOT_FOUND'],
    [new MicrosoftError('permanent', 'x', { status: 400 }), true, 'INVALID_PHONE_NUMBER'],
    [new MicrosoftError('permanent', 'x', { status: 400 }), false, 'MICROSOFT_REJECTED'],
  ])('classifies %s (number write: %s) as %s', (error, numberWrite, code) => {
    expect(failureCodeOf(error, numberWrite)).toBe(code);
  });

  it('retries only transient failures automatically, and stops runs only on consent and credentials', () => {
    const retryable = Object.entries(FAILURES)
      .filter(([, f]) => f.retryable)
      .map(([c]) => c);
    expect(retryable.sort()).toEqual(['MICROSOFT_UNAVAILABLE', 'OPERATION_TIMED_OUT', 'THROTTLED']);
    const stopping = Object.entries(FAILURES)
      .filter(([, f]) => f.stopsRun)
      .map(([c]) => c);
    expect(stopping.sort()).toEqual([
      'CONNECTOR_CREDENTIALS_INVALID',
      'CONSENT_REVOKED',
      'INSUFFICIENT_PERMISSIONS',
    ]);
  });

  it('backs off exponentially with jitter, up to six hours', () => {
    const now = new Date(0);
    const at = (attempts: number, random: number) =>
      nextRetryAt(now, attempts, () => random).getTime();
    expect(at(1, 0.5)).toBe(5 * 60_000);
    expect(at(2, 0.5)).toBe(10 * 60_000);
    expect(at(3, 0)).toBe(0.8 * 20 * 60_000);
    expect(at(3, 1)).toBe(1.2 * 20 * 60_000);
    expect(at(20, 0.5)).toBe(6 * 3600_000);
  });
});
