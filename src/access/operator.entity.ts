import { Column, Entity, PrimaryColumn } from 'typeorm';
import { InstantColumn } from '../database/columns';

export const ROLES = ['provider_admin', 'tenant_admin', 'member'] as const;
export type Role = (typeof ROLES)[number];
export const OPERATOR_STATUSES = ['invited', 'active', 'deactivated'] as const;
export type OperatorStatus = (typeof OPERATOR_STATUSES)[number];

/** A person who signs in: provider staff, a customer's admin, or a read-only member. */
@Entity('operators')
export class OperatorEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ type: 'varchar', length: 320, unique: true })
  email!: string;

  @Column({ name: 'first_name', type: 'varchar', length: 100 })
  firstName!: string;

  @Column({ name: 'last_name', type: 'varchar', length: 100 })
  lastName!: string;

  @Column({ type: 'varchar', length: 20 })
  role!: Role;

  @Column({ type: 'varchar', length: 16 })
  status!: OperatorStatus;

  @Column({ name: 'password_hash', type: 'varchar', length: 200, nullable: true })
  passwordHash!: string | null;

  @InstantColumn('created_at')
  createdAt!: Date;

  @InstantColumn('updated_at')
  updatedAt!: Date;

  /** Set while the operator is deleted: deactivated, restorable for RESTORE_DAYS, then purged. */
  @InstantColumn('deleted_at', { nullable: true })
  deletedAt!: Date | null;
}

/** Which tenants a tenant admin or member may see. Provider admins see all without rows here. */
@Entity('operator_tenants')
export class OperatorTenantEntity {
  @PrimaryColumn({ name: 'operator_id', type: 'varchar', length: 36 })
  operatorId!: string;

  @PrimaryColumn({ name: 'tenant_id', type: 'varchar', length: 36 })
  tenantId!: string;

  @InstantColumn('created_at')
  createdAt!: Date;
}

/** What a password link is for: a first password, or a new one ("Forgot password"). */
export type PasswordLinkPurpose = 'invitation' | 'reset';

/** A single-use, expiring link to set a password; only the token's hash is stored. */
@Entity('invitations')
export class InvitationEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ type: 'varchar', length: 16, default: 'invitation' })
  purpose!: PasswordLinkPurpose;

  @Column({ name: 'operator_id', type: 'varchar', length: 36 })
  operatorId!: string;

  @Column({ name: 'token_hash', type: 'varchar', length: 64, unique: true })
  tokenHash!: string;

  @InstantColumn('created_at')
  createdAt!: Date;

  @InstantColumn('expires_at')
  expiresAt!: Date;

  @InstantColumn('used_at', { nullable: true })
  usedAt!: Date | null;
}
