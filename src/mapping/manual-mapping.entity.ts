import { Column, Entity, PrimaryColumn } from 'typeorm';
import { InstantColumn } from '../database/columns';

/** A pairing an admin set by hand: it overrides automatic matching. */
@Entity('manual_mappings')
export class ManualMappingEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id!: string;
  @Column({ name: 'tenant_id', type: 'varchar', length: 36 }) tenantId!: string;
  @Column({ name: 'pbx_user_id', type: 'varchar', length: 200 }) pbxUserId!: string;
  @Column({ name: 'teams_user_id', type: 'varchar', length: 36 }) teamsUserId!: string;
  @Column({ name: 'created_by', type: 'varchar', length: 36 }) createdBy!: string;
  @InstantColumn('created_at') createdAt!: Date;
}
