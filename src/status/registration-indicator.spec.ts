import { IndicatorFacts, registrationIndicator } from './registration-indicator';

const now = new Date('2026-12-01T12:00:00Z');
const minutesAgo = (m: number) => new Date(now.getTime() - m * 60_000);
const healthy: IndicatorFacts = {
  restorableUntil: null,
  consentState: 'granted',
  syncEnabled: true,
  scheduleMinutes: 15,
  lastThreeRunsFailed: false,
  openFailures: 0,
  oldestReadAt: minutesAgo(10),
};
const indicator = (changes: Partial<IndicatorFacts>) =>
  registrationIndicator({ ...healthy, ...changes }, now);

describe('the registration indicator', () => {
  it('is green for a connected tenant in step', () => {
    expect(indicator({})).toMatchObject({ colour: 'green', reason: 'IN_SYNC' });
  });

  it('is red for a deleted tenant, saying until when it can be restored, before any other reason', () => {
    expect(
      indicator({ restorableUntil: new Date('2026-12-31T00:00:00Z'), consentState: 'revoked' }),
    ).toMatchObject({
      colour: 'red',
      reason: 'TENANT_DELETED',
      message: expect.stringContaining('It can be restored until 2026-12-31.'),
    });
  });

  it('is red when consent is revoked, whatever else holds', () => {
    expect(
      indicator({ consentState: 'revoked', syncEnabled: false, openFailures: 3 }),
    ).toMatchObject({ colour: 'red', reason: 'CONSENT_REVOKED' });
  });

  it('is red after three failed runs in a row, before any amber reason', () => {
    expect(indicator({ lastThreeRunsFailed: true, syncEnabled: false })).toMatchObject({
      colour: 'red',
      reason: 'RUNS_FAILING',
    });
  });

  it('is amber, with the first reason that holds, while not fully in step', () => {
    const reasons = [
      indicator({ consentState: 'pending', syncEnabled: false }),
      indicator({ consentState: 'none' }),
      indicator({ syncEnabled: false, openFailures: 2 }),
      indicator({ openFailures: 2, oldestReadAt: null }),
      indicator({ openFailures: 1 }),
    ].map((i) => [i.colour, i.reason]);
    expect(reasons).toEqual([
      ['amber', 'CONSENT_PENDING'],
      ['amber', 'CONSENT_PENDING'],
      ['amber', 'SYNC_DISABLED'],
      ['amber', 'OPEN_FAILURES'],
      ['amber', 'OPEN_FAILURES'],
    ]);
    expect(indicator({ openFailures: 2 }).message).toContain('2 users.');
    expect(indicator({ openFailures: 1 }).message).toContain('1 user.');
  });

  it('is amber when the data is older than twice the schedule, or was never read', () => {
    expect(indicator({ oldestReadAt: minutesAgo(29) }).colour).toBe('green');
    expect(indicator({ oldestReadAt: minutesAgo(31) })).toMatchObject({
      colour: 'amber',
      reason: 'DATA_STALE',
    });
    expect(indicator({ scheduleMinutes: 60, oldestReadAt: minutesAgo(100) }).colour).toBe('green');
    expect(indicator({ oldestReadAt: null }).reason).toBe('DATA_STALE');
  });
});
