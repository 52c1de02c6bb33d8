import { MicrosoftError } from '../microsoft/microsoft-error';
import { SETUP_APP_PERMISSIONS } from '../consent/required-permissions';
import { DnsError } from './sbc-dns';

/**
 * Why onboarding stopped. A blocker is a prerequisite the admin must provide (nothing was left
 * behind); a failure is a step that did not succeed. Both stop until the admin starts again.
 */
export const ONBOARDING_BLOCKERS = [
  'NO_SPARE_TEAMS_LICENCE',
  'SETUP_PERMISSIONS_MISSING',
  'CONSENT_REVOKED',
] as const;
export const ONBOARDING_FAILURES = [
  'DOMAIN_NOT_VERIFIED',
  'DNS_PUBLISH_FAILED',
  'MICROSOFT_REFUSED',
] as const;
export type OnboardingProblemCode =
  (typeof ONBOARDING_BLOCKERS)[number] | (typeof ONBOARDING_FAILURES)[number];

export class OnboardingProblem extends Error {
  constructor(
    readonly code: OnboardingProblemCode,
    message: string,
  ) {
    super(message);
    this.name = 'OnboardingProblem';
  }

  get blocks(): boolean {
    return (ONBOARDING_BLOCKERS as readonly string[]).includes(this.code);
  }
}

/** An error that waiting may fix, with what to say meanwhile; null when it will not. */
export function passingTrouble(error: unknown): string | null {
  if (error instanceof MicrosoftError && error.kind === 'transient') return error.message;
  if (error instanceof DnsError && error.retryable) return error.message;
  return null;
}

/**
 * What a step's error means for the admin; null for an error that is neither Microsoft's nor the
 * DNS server's (a fault of the connector's own, which its job's retries and logs are for).
 */
export function problemOf(error: unknown): OnboardingProblem | null {
  if (error instanceof OnboardingProblem) return error;
  if (error instanceof DnsError) return new OnboardingProblem('DNS_PUBLISH_FAILED', error.message);
  if (error instanceof MicrosoftError) {
    if (error.kind === 'insufficient_permissions')
      return new OnboardingProblem(
        'SETUP_PERMISSIONS_MISSING',
        `Onboarding needs the application permissions ${SETUP_APP_PERMISSIONS.join(' and ')}, which this tenant has not granted. Ask a Global Administrator to connect Microsoft 365 again to grant them; syncing goes on without them.`,
      );
    if (error.kind === 'auth_revoked')
      return new OnboardingProblem(
        'CONSENT_REVOKED',
        `Microsoft 365 no longer accepts the connector (${error.message}) Connect Microsoft 365 again.`,
      );
    return new OnboardingProblem(
      'MICROSOFT_REFUSED',
      `Microsoft refused a setup step: ${error.message}`,
    );
  }
  return null;
}
