import { DomainError } from '../common/errors/domain-error';
import { TenantEntity } from './tenant.entity';

/** The Microsoft 365 tenant the tenant is linked to; CONSENT_NOT_GRANTED while there is none. */
export function linkedMicrosoftTenant(tenant: TenantEntity): string {
  if (!tenant.microsoftTenantId)
    throw new DomainError(
      'CONSENT_NOT_GRANTED',
      'Connect Microsoft 365 first: no Global Administrator has granted consent yet.',
    );
  return tenant.microsoftTenantId;
}
