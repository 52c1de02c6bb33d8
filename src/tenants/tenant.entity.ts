import { Column, Entity, PrimaryColumn } from 'typeorm';
import { InstantColumn } from '../database/columns';

export const CONSENT_STATES = ['none', 'pending', 'granted', 'revoked'] as const;
export type ConsentState = (typeof CONSENT_STATES)[number];
export const SYNC_MODES = ['automatic', 'manual'] as const;
export type SyncMode = (typeof SYNC_MODES)[number];

/** A customer of the PBX provider: one Microsoft 365 organisation and one PBX account. */
@Entity('tenants')
export class TenantEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ type: 'varchar', length: 200 })
  name!: string;

  @Column({ name: 'connector_seats', type: 'integer' })
  connectorSeats!: number;

  @Column({ name: 'pbx_account_id', type: 'varchar', length: 200, default: '' })
  pbxAccountId!: string;

  @Column({ name: 'pbx_api_url', type: 'varchar', length: 500, default: '' })
  pbxApiUrl!: string;

  @Column({ name: 'pbx_client_id', type: 'varchar', length: 200, default: '' })
  pbxClientId!: string;

  /** Encrypted with the key ring; never leaves the service. */
  @Column({ name: 'pbx_client_secret', type: 'text', nullable: true })
  pbxClientSecretEncrypted!: string | null;

  @Column({ name: 'consent_state', type: 'varchar', length: 16, default: 'none' })
  consentState!: ConsentState;

  /** What the last consent attempt or check said, in plain language. */
  @Column({ name: 'consent_message', type: 'text', nullable: true })
  consentMessage!: string | null;

  @InstantColumn('consent_updated_at', { nullable: true })
  consentUpdatedAt!: Date | null;

  /** The administrator whose signed-in consent linked the Microsoft 365 tenant (`oid`). */
  @Column({ name: 'consented_by_object_id', type: 'varchar', length: 36, nullable: true })
  consentedByObjectId!: string | null;

  /** Their `preferred_username`, for people to read. */
  @Column({ name: 'consented_by_username', type: 'varchar', length: 320, nullable: true })
  consentedByUsername!: string | null;

  @InstantColumn('consented_at', { nullable: true })
  consentedAt!: Date | null;

  /** When "Verify connection" last passed every check; cleared by a new consent or a revocation. */
  @InstantColumn('connection_verified_at', { nullable: true })
  connectionVerifiedAt!: Date | null;

  @Column({
    name: 'microsoft_tenant_id',
    type: 'varchar',
    length: 36,
    nullable: true,
    unique: true,
  })
  microsoftTenantId!: string | null;

  @Column({ name: 'sync_mode', type: 'varchar', length: 16, default: 'automatic' })
  syncMode!: SyncMode;

  @Column({ name: 'sync_enabled', type: 'boolean', default: false })
  syncEnabled!: boolean;

  @Column({ name: 'schedule_minutes', type: 'integer', default: 15 })
  scheduleMinutes!: number;

  @Column({ name: 'voice_routing_policy', type: 'varchar', length: 200, nullable: true })
  voiceRoutingPolicy!: string | null;

  @Column({ name: 'removal_threshold_count', type: 'integer', default: 10 })
  removalThresholdCount!: number;

  @Column({ name: 'removal_threshold_percent', type: 'integer', default: 10 })
  removalThresholdPercent!: number;

  /** Set while the tenant is deleted: inactive, restorable until RESTORE_DAYS later, then purged. */
  @InstantColumn('deleted_at', { nullable: true })
  deletedAt!: Date | null;

  /** The Microsoft 365 tenant a deleted tenant was linked to, to link again on restore. */
  @Column({ name: 'released_microsoft_tenant_id', type: 'varchar', length: 36, nullable: true })
  releasedMicrosoftTenantId!: string | null;

  @InstantColumn('created_at')
  createdAt!: Date;

  @InstantColumn('updated_at')
  updatedAt!: Date;
}
