import { randomUUID } from 'node:crypto';
import { TenantEntity } from './tenant.entity';

export interface NewTenantFields {
  name: string;
  connectorSeats: number;
  pbxAccountId: string;
  pbxApiUrl: string;
  pbxClientId: string;
  pbxClientSecretEncrypted: string;
}

/** A tenant as it starts: no consent yet, automatic matching, sync off, default guardrails. */
export function newTenant(fields: NewTenantFields, now: Date): TenantEntity {
  return {
    id: randomUUID(),
    ...fields,
    name: fields.name.trim(),
    pbxApiUrl: fields.pbxApiUrl.replace(/\/+$/, ''),
    consentState: 'none',
    consentMessage: null,
    consentUpdatedAt: null,
    microsoftTenantId: null,
    consentedByObjectId: null,
    consentedByUsername: null,
    consentedAt: null,
    connectionVerifiedAt: null,
    syncMode: 'automatic',
    syncEnabled: false,
    scheduleMinutes: 15,
    voiceRoutingPolicy: null,
    removalThresholdCount: 10,
    removalThresholdPercent: 10,
    deletedAt: null,
    releasedMicrosoftTenantId: null,
    createdAt: now,
    updatedAt: now,
  };
}
