import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { InstantColumn } from '../database/columns';

/**
 * What can happen to a tenant, named `area.verb`: the area filters the log (`?action=consent`),
 * the action is one kind of entry.
 */
export const AUDIT_ACTIONS = [
  'tenant.created',
  'tenant.updated',
  'tenant.settingsChanged',
  'tenant.deleted',
  'tenant.restored',
  'tenant.linkReleased',
  'consent.started',
  'consent.granted',
  'consent.refused',
  'consent.revoked',
  'connection.verified',
  'connection.verifyFailed',
  'mapping.imported',
  'mapping.created',
  'mapping.deleted',
  'run.requested',
  'run.approved',
  'run.cancelled',
  'operator.added',
  'operator.changed',
  'operator.reinvited',
  'operator.removed',
  'directRouting.started',
  'directRouting.domainAdded',
  'directRouting.domainVerified',
  'directRouting.activationUserCreated',
  'directRouting.activationUserRemoved',
  'directRouting.succeeded',
  'directRouting.stopped',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];
export const AUDIT_AREAS = [...new Set(AUDIT_ACTIONS.map((a) => a.split('.')[0]))];

/** A field's value before and after a change; a secret shows only that it changed. */
export type AuditChanges = Record<string, { from: unknown; to: unknown }>;

/** One thing that changed a tenant: who, when, from which address, what. */
@Entity('audit_entries')
@Index('ix_audit_entries_tenant', ['tenantId', 'at'])
export class AuditEntryEntity {
  /** Written in this order: entries of one instant stay in order. */
  @PrimaryGeneratedColumn({ type: 'integer' })
  seq!: number;

  @Column({ name: 'tenant_id', type: 'varchar', length: 36 })
  tenantId!: string;

  @InstantColumn('at')
  at!: Date;

  @Column({ type: 'varchar', length: 40 })
  action!: AuditAction;

  /** The operator who acted, when an operator did. */
  @Column({ name: 'actor_id', type: 'varchar', length: 36, nullable: true })
  actorId!: string | null;

  /** Who acted, as people read it then (an operator, Microsoft's signed-in admin, the schedule). */
  @Column({ type: 'varchar', length: 400 })
  actor!: string;

  /** The client address of the request, when a request did it. */
  @Column({ type: 'varchar', length: 64, nullable: true })
  address!: string | null;

  @Column({ type: 'text' })
  summary!: string;

  /** AuditChanges as JSON. */
  @Column({ type: 'text', nullable: true })
  changes!: string | null;
}
