import { MicrosoftError } from '../microsoft/microsoft-error';
import { PbxError } from '../pbx/pbx-directory';
import { classify, FailedCall } from './classify';
import { FAILURES } from './failure-codes';
import { nextRetryAt } from './retry-schedule';

const ms = (kind: MicrosoftError['kind'], status?: number, retryAfterMs?: number) =>
  new MicrosoftError(kind, `${kind} ${status ?? ''}`, { status, retryAfterMs });

describe('the failure classifier', () => {
  it.each<[string, unknown, FailedCall, string, string, string]>([
    ['a throttled read', ms('transient', 429), 'read', 'THROTTLED', 'run', 'after'],
    ['a throttled number write', ms('transient', 429), 'number', 'THROTTLED', 'user', 'after'],
    [
      'an outage during a read',
      ms('transient', 503),
      'read',
      'MICROSOFT_UNAVAILABLE',
      'run',
      'backoff',
    ],
    [
      'an outage during a policy write',
      ms('transient', 504),
      'policy',
      'MICROSOFT_UNAVAILABLE',
      'user',
      'backoff',
    ],
    ['no response at all', ms('transient'), 'number', 'MICROSOFT_UNAVAILABLE', 'user', 'backoff'],
    ['revoked consent', ms('auth_revoked', 401), 'number', 'CONSENT_REVOKED', 'tenant', 'never'],
    ['no app registration', ms('not_configured'), 'read', 'CONSENT_REVOKED', 'tenant', 'never'],
    [
      'our own credential refused',
      ms('invalid_credentials'),
      'read',
      'CONNECTOR_CREDENTIALS_INVALID',
      'run',
      'never',
    ],
    [
      'a missing permission',
      ms('insufficient_permissions', 403),
      'policy',
      'INSUFFICIENT_PERMISSIONS',
      'run',
      'never',
    ],
    [
      'an unknown user on a write',
      ms('not_found', 404),
      'number',
      'TEAMS_USER_NOT_FOUND',
      'user',
      'never',
    ],
    [
      'an unknown resource on a read',
      ms('not_found', 404),
      'read',
      'MICROSOFT_REJECTED',
      'run',
      'never',
    ],
    ['a refused number', ms('permanent', 400), 'number', 'INVALID_PHONE_NUMBER', 'user', 'never'],
    [
      'a refused policy',
      ms('permanent', 400),
      'policy',
      'VOICE_ROUTING_POLICY_NOT_FOUND',
      'user',
      'never',
    ],
    ['a conflict on a write', ms('conflict', 409), 'number', 'MICROSOFT_REJECTED', 'user', 'never'],
    [
      'PBX credentials refused',
      new PbxError('auth', 'no', 401),
      'read',
      'PBX_CREDENTIALS_INVALID',
      'run',
      'never',
    ],
    [
      'a PBX outage',
      new PbxError('transient', 'down', 503),
      'read',
      'PBX_UNAVAILABLE',
      'run',
      'backoff',
    ],
    [
      'an unknown PBX account',
      new PbxError('not_found', 'no', 404),
      'read',
      'PBX_REJECTED',
      'run',
      'never',
    ],
    ['a bug', new TypeError('x is undefined'), 'read', 'UNEXPECTED_ERROR', 'run', 'backoff'],
  ])('names %s', (_, error, call, code, scope, retry) => {
    expect(classify(error, call)).toMatchObject({ code, scope, retry });
  });

  it("keeps Microsoft's Retry-After and the error's own words", () => {
    expect(classify(ms('transient', 429, 7000), 'number')).toMatchObject({
      retryAfterMs: 7000,
      detail: 'transient 429',
    });
  });

  it('retries automatically only what time can fix', () => {
    const automatic = Object.entries(FAILURES)
      .filter(([, f]) => f.retry !== 'never')
      .map(([code]) => code)
      .sort();
    expect(automatic).toEqual([
      'MICROSOFT_UNAVAILABLE',
      'OPERATION_TIMED_OUT',
      'PBX_UNAVAILABLE',
      'THROTTLED',
      'UNEXPECTED_ERROR',
    ]);
  });
});

describe('when a failed user is tried again', () => {
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
