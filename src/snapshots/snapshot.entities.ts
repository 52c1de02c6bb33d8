import { Column, Entity, PrimaryColumn } from 'typeorm';
import { InstantColumn } from '../database/columns';
import type { TeamsUserSettings } from '../microsoft/directory-records';

/** The PBX directory as last read, one row per user, with the number checked once on reading. */
@Entity('pbx_users')
export class PbxUserEntity {
  @PrimaryColumn({ name: 'tenant_id', type: 'varchar', length: 36 }) tenantId!: string;
  @PrimaryColumn({ type: 'varchar', length: 200 }) id!: string;
  @Column({ type: 'varchar', length: 320, nullable: true }) email!: string | null;
  /** The e-mail address as matching compares it, to find who an address would match. */
  @Column({ name: 'email_key', type: 'varchar', length: 320, nullable: true }) emailKey!:
    string | null;
  @Column({ name: 'first_name', type: 'varchar', length: 200 }) firstName!: string;
  @Column({ name: 'last_name', type: 'varchar', length: 200 }) lastName!: string;
  @Column({ type: 'varchar', length: 50 }) extension!: string;
  @Column({ name: 'direct_number', type: 'varchar', length: 64, nullable: true }) directNumber!:
    string | null;
  @Column({ type: 'varchar', length: 64, nullable: true }) e164!: string | null;
  /** Why `e164` is empty: INVALID_NUMBER or NO_DIRECT_NUMBER. */
  @Column({ name: 'number_problem', type: 'varchar', length: 32, nullable: true }) numberProblem!:
    string | null;
  @Column({ type: 'varchar', length: 16 }) status!: 'active' | 'suspended' | 'deleted';
  @Column({ name: 'secure_calling', type: 'boolean', default: false }) secureCalling!: boolean;
}

/** The Microsoft 365 directory as last read. */
@Entity('teams_users')
export class TeamsUserEntity {
  @PrimaryColumn({ name: 'tenant_id', type: 'varchar', length: 36 }) tenantId!: string;
  @PrimaryColumn({ type: 'varchar', length: 36 }) id!: string;
  @Column({ name: 'user_principal_name', type: 'varchar', length: 320 }) userPrincipalName!: string;
  @Column({ type: 'varchar', length: 320, nullable: true }) mail!: string | null;
  @Column({ name: 'proxy_addresses', type: 'simple-json' }) proxyAddresses!: string[];
  @Column({ name: 'display_name', type: 'varchar', length: 300 }) displayName!: string;
  @Column({ name: 'account_enabled', type: 'boolean' }) accountEnabled!: boolean;
  @Column({ name: 'user_type', type: 'varchar', length: 16 }) userType!: 'Member' | 'Guest';
  @Column({ name: 'has_phone_system', type: 'boolean' }) hasPhoneSystem!: boolean;
}

/** Every address a Microsoft 365 user answers to, as matching compares them. */
@Entity('teams_addresses')
export class TeamsAddressEntity {
  @PrimaryColumn({ name: 'tenant_id', type: 'varchar', length: 36 }) tenantId!: string;
  @PrimaryColumn({ type: 'varchar', length: 320 }) address!: string;
  @PrimaryColumn({ name: 'teams_user_id', type: 'varchar', length: 36 }) teamsUserId!: string;
}

/** Teams' settings per user as last read (a separate Graph resource from the directory). */
@Entity('teams_settings')
export class TeamsSettingsEntity {
  @PrimaryColumn({ name: 'tenant_id', type: 'varchar', length: 36 }) tenantId!: string;
  @PrimaryColumn({ name: 'user_id', type: 'varchar', length: 36 }) userId!: string;
  @Column({ name: 'account_type', type: 'varchar', length: 32 }) accountType!: string;
  @Column({ name: 'enterprise_voice', type: 'boolean' }) enterpriseVoice!: boolean;
  @Column({ type: 'simple-json' }) numbers!: string[];
  @Column({ name: 'voice_routing_policy_id', type: 'varchar', length: 100, nullable: true })
  voiceRoutingPolicyId!: string | null;
  @Column({ name: 'voice_routing_policy_name', type: 'varchar', length: 200, nullable: true })
  voiceRoutingPolicyName!: string | null;
}

/** The stored form of Teams settings, as read or as a successful write left them. */
export function storedTeamsSettings(tenantId: string, s: TeamsUserSettings): TeamsSettingsEntity {
  return {
    tenantId,
    userId: s.id,
    accountType: s.accountType,
    enterpriseVoice: s.enterpriseVoiceEnabled,
    numbers: s.numbers,
    voiceRoutingPolicyId: s.voiceRoutingPolicyId,
    voiceRoutingPolicyName: s.voiceRoutingPolicyName,
  };
}

/** Teams settings as stored, in the shape a read from Teams gives them. */
export function teamsSettingsOf(row: TeamsSettingsEntity): TeamsUserSettings {
  return {
    id: row.userId,
    accountType: row.accountType,
    enterpriseVoiceEnabled: row.enterpriseVoice,
    numbers: row.numbers,
    voiceRoutingPolicyId: row.voiceRoutingPolicyId,
    voiceRoutingPolicyName: row.voiceRoutingPolicyName,
  };
}

/**
 * When each side was last read, where the next users delta round starts (encrypted), and the basis
 * of the last recorded plan.
 */
@Entity('directory_state')
export class DirectoryStateEntity {
  @PrimaryColumn({ name: 'tenant_id', type: 'varchar', length: 36 }) tenantId!: string;
  @InstantColumn('pbx_read_at', { nullable: true }) pbxReadAt!: Date | null;
  @InstantColumn('microsoft_read_at', { nullable: true }) microsoftReadAt!: Date | null;
  @Column({ name: 'delta_link', type: 'text', nullable: true }) deltaLinkEncrypted!: string | null;
  /** What the last recorded plan started from besides the snapshots; a full read clears it. */
  @Column({ name: 'plan_basis', type: 'varchar', length: 64, nullable: true }) planBasis!:
    string | null;
}

/** A pair a sync put in place; the plan pins the pair to the Teams object id. */
@Entity('synced_links')
export class SyncedLinkEntity {
  @PrimaryColumn({ name: 'tenant_id', type: 'varchar', length: 36 }) tenantId!: string;
  @PrimaryColumn({ name: 'pbx_user_id', type: 'varchar', length: 200 }) pbxUserId!: string;
  @Column({ name: 'teams_user_id', type: 'varchar', length: 36 }) teamsUserId!: string;
  @Column({ type: 'varchar', length: 64 }) number!: string;
  @InstantColumn('synced_at') syncedAt!: Date;
}
