import { EnumField, Field, NullableField, ObjectField } from '../common/http/api-fields';
import { restorableUntil } from './tenant-deletion';
import { CONSENT_STATES, ConsentState, SYNC_MODES, SyncMode, TenantEntity } from './tenant.entity';

class PbxAccountView {
  @Field() accountId!: string;
  @Field() apiUrl!: string;
  @Field() clientId!: string;
  @Field('The secret itself is stored encrypted and never returned.') hasClientSecret!: boolean;
}

class ConsentGrantView {
  @Field('The Global Administrator who consented, as Microsoft signed it.') objectId!: string;
  @NullableField(String) username!: string | null;
  @NullableField(Date) at!: Date | null;
}

export class ConsentView {
  @EnumField(CONSENT_STATES) state!: ConsentState;
  @NullableField(String) message!: string | null;
  @NullableField(String) microsoftTenantId!: string | null;
  @NullableField(Date) updatedAt!: Date | null;
  @ObjectField(() => ConsentGrantView, { nullable: true }) grantedBy!: ConsentGrantView | null;
  @NullableField(Date, 'When "Verify connection" last passed every check since this consent.')
  verifiedAt!: Date | null;
}

class RemovalThresholdView {
  @Field() users!: number;
  @Field() percent!: number;
}

class TenantSettingsView {
  @EnumField(SYNC_MODES) syncMode!: SyncMode;
  @Field() syncEnabled!: boolean;
  @Field() scheduleMinutes!: number;
  @NullableField(String) voiceRoutingPolicy!: string | null;
  @ObjectField(() => RemovalThresholdView) removalThreshold!: RemovalThresholdView;
}

class DeletionView {
  @Field() deletedAt!: Date;
  @Field('After this the tenant is purged, with everything stored for it.') restorableUntil!: Date;
}

/** What the API shows of a tenant: never the PBX secret, only whether there is one. */
export class TenantView {
  @Field() id!: string;
  @Field() name!: string;
  @Field() connectorSeats!: number;
  @ObjectField(() => PbxAccountView) pbx!: PbxAccountView;
  @ObjectField(() => ConsentView) consent!: ConsentView;
  @ObjectField(() => TenantSettingsView) settings!: TenantSettingsView;
  @ObjectField(() => DeletionView, { nullable: true }) deletion!: DeletionView | null;
  @Field() createdAt!: Date;
  @Field() updatedAt!: Date;
}

export function tenantView(t: TenantEntity): TenantView {
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
    deletion: t.deletedAt ? { deletedAt: t.deletedAt, restorableUntil: restorableUntil(t)! } : null,
    createdAt: t.createdAt,
    updatedAt: t.updatedAt,
  };
}

/** The tenant's Microsoft 365 consent: its state, and who granted it when. */
export function consentView(t: TenantEntity): ConsentView {
  return {
    state: t.consentState,
    message: t.consentMessage,
    microsoftTenantId: t.microsoftTenantId,
    updatedAt: t.consentUpdatedAt,
    grantedBy: t.consentedByObjectId
      ? { objectId: t.consentedByObjectId, username: t.consentedByUsername, at: t.consentedAt }
      : null,
    verifiedAt: t.connectionVerifiedAt,
  };
}
