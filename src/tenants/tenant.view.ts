import { TenantEntity } from './tenant.entity';

/** What the API shows of a tenant: never the PBX secret, only whether there is one. */
export function tenantView(t: TenantEntity) {
  return {
    id: t.id,
    name: t.name,
    connectorSeats: t.connectorSeats,
    pbx: {
      accountId: t.pbxAccountId,
      apiUrl: t.pbxApiUrl,
      clientId: t.pbxClientId,
      hasClientSecret: Boolean(t.pbxClientSecretEncrypted),
    },
    consent: consentView(t),
    settings: {
      syncMode: t.syncMode,
      syncEnabled: t.syncEnabled,
      scheduleMinutes: t.scheduleMinutes,
      voiceRoutingPolicy: t.voiceRoutingPolicy,
      removalThreshold: { users: t.removalThresholdCount, percent: t.removalThresholdPercent },
    },
    createdAt: t.createdAt,
    updatedAt: t.updatedAt,
  };
}

/** The tenant's Microsoft 365 consent: its state, and who granted it when. */
export function consentView(t: TenantEntity) {
  return {
    state: t.consentState,
    message: t.consentMessage,
    microsoftTenantId: t.microsoftTenantId,
    updatedAt: t.consentUpdatedAt,
    grantedBy: t.consentedByObjectId
      ? { objectId: t.consentedByObjectId, username: t.consentedByUsername, at: t.consentedAt }
      : null,
  };
}

export type TenantView = ReturnType<typeof tenantView>;
