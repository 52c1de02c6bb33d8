import { TenantEntity } from './tenant.entity';

/**
 * What a tenant records when Microsoft says the consent is gone (a run's token refused, or the
 * connection check): revoked, why, when, and no longer verified.
 */
export function consentRevoked(at: Date, detail?: string): Partial<TenantEntity> {
  return {
    consentState: 'revoked',
    consentMessage: `Consent was revoked or the app was removed in Microsoft 365${detail ? ` (${detail})` : ''}; a Global Administrator must grant consent again.`,
    consentUpdatedAt: at,
    connectionVerifiedAt: null,
  };
}
