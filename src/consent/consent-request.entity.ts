import { Column, Entity, PrimaryColumn } from 'typeorm';
import { InstantColumn } from '../database/columns';

/**
 * One consent attempt: the administrator's sign-in, then the admin consent. The `state` sent to
 * Microsoft names it; each step can be used once, and the signed-in administrator is kept between.
 */
@Entity('consent_requests')
export class ConsentRequestEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ name: 'tenant_id', type: 'varchar', length: 36 })
  tenantId!: string;

  @Column({ name: 'operator_id', type: 'varchar', length: 36 })
  operatorId!: string;

  @InstantColumn('created_at')
  createdAt!: Date;

  @InstantColumn('expires_at')
  expiresAt!: Date;

  /** When Microsoft's sign-in came back; the sign-in step cannot be used again. */
  @InstantColumn('signed_in_at', { nullable: true })
  signedInAt!: Date | null;

  /** When the consent came back; the request is spent. */
  @InstantColumn('used_at', { nullable: true })
  usedAt!: Date | null;

  /** The `tid` of the signed-in administrator's ID token. */
  @Column({ name: 'microsoft_tenant_id', type: 'varchar', length: 36, nullable: true })
  microsoftTenantId!: string | null;

  @Column({ name: 'signer_object_id', type: 'varchar', length: 36, nullable: true })
  signerObjectId!: string | null;

  @Column({ name: 'signer_username', type: 'varchar', length: 320, nullable: true })
  signerUsername!: string | null;

  /** The `wids` of the ID token as JSON; null when Microsoft sent none (read them from Graph). */
  @Column({ name: 'signer_roles', type: 'text', nullable: true })
  signerRoles!: string | null;
}
