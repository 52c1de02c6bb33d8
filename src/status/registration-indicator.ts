import type { ConsentState } from '../tenants/tenant.entity';

export const INDICATOR_COLOURS = ['green', 'amber', 'red'] as const;
export type IndicatorColour = (typeof INDICATOR_COLOURS)[number];

/** Runs that must fail in a row, the latest ones, before the indicator turns red. */
export const FAILED_RUNS_FOR_RED = 3;

export const INDICATOR_REASONS = {
  TENANT_DELETED: 'The tenant is deleted: nothing syncs until a provider admin restores it.',
  CONSENT_REVOKED: 'Microsoft 365 consent was revoked: a Global Administrator must connect again.',
  RUNS_FAILING: 'The last three sync runs failed.',
  CONSENT_PENDING: 'Microsoft 365 is not connected yet: a Global Administrator must consent.',
  SYNC_DISABLED: 'Sync is turned off: numbers are not kept in step with the PBX.',
  OPEN_FAILURES: 'Some users could not be synced: see the open failures.',
  DATA_STALE: 'The directories were last read longer ago than twice the sync schedule.',
  IN_SYNC: 'Connected and in step with the PBX.',
} as const;

export type IndicatorReason = keyof typeof INDICATOR_REASONS;

export interface Indicator {
  colour: IndicatorColour;
  reason: IndicatorReason;
  message: string;
}

/** What the registration indicator is worked out from. */
export interface IndicatorFacts {
  /** Set while the tenant is deleted: until when it can be restored. */
  restorableUntil: Date | null;
  consentState: ConsentState;
  syncEnabled: boolean;
  scheduleMinutes: number;
  /** Whether the tenant's three latest finished runs all failed. */
  lastThreeRunsFailed: boolean;
  openFailures: number;
  /** When the older of the two directories was last read; null when one never was. */
  oldestReadAt: Date | null;
}

/**
 * Red when the tenant cannot sync (deleted, consent revoked, or its last three runs failed); amber when it
 * is not yet or not fully in step (no consent yet, sync off, open failures, data older than twice
 * the schedule); green otherwise. The first rule that holds gives the reason.
 */
export function registrationIndicator(facts: IndicatorFacts, now: Date): Indicator {
  const at = (colour: IndicatorColour, reason: IndicatorReason, detail?: string): Indicator => ({
    colour,
    reason,
    message: detail ? `${INDICATOR_REASONS[reason]} ${detail}` : INDICATOR_REASONS[reason],
  });
  if (facts.restorableUntil)
    return at(
      'red',
      'TENANT_DELETED',
      `It can be restored until ${facts.restorableUntil.toISOString().slice(0, 10)}.`,
    );
  if (facts.consentState === 'revoked') return at('red', 'CONSENT_REVOKED');
  if (facts.lastThreeRunsFailed) return at('red', 'RUNS_FAILING');
  if (facts.consentState !== 'granted') return at('amber', 'CONSENT_PENDING');
  if (!facts.syncEnabled) return at('amber', 'SYNC_DISABLED');
  if (facts.openFailures > 0)
    return at(
      'amber',
      'OPEN_FAILURES',
      `${facts.openFailures} ${facts.openFailures === 1 ? 'user' : 'users'}.`,
    );
  const staleBefore = now.getTime() - 2 * facts.scheduleMinutes * 60_000;
  if (!facts.oldestReadAt || facts.oldestReadAt.getTime() < staleBefore)
    return at('amber', 'DATA_STALE');
  return at('green', 'IN_SYNC');
}
