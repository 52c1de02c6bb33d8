import { Column, Entity, PrimaryColumn } from 'typeorm';
import { InstantColumn } from '../database/columns';

/** One computed preview: its figures, and (in plan_entries) the plan behind them. */
@Entity('previews')
export class PreviewEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id!: string;
  @Column({ name: 'tenant_id', type: 'varchar', length: 36 }) tenantId!: string;
  @InstantColumn('generated_at') generatedAt!: Date;
  /** `fresh`: both directories were read for it; `snapshot`: recent stored reads were used. */
  @Column({ type: 'varchar', length: 16 }) source!: 'fresh' | 'snapshot';
  @Column({ type: 'simple-json' }) summary!: Record<string, unknown>;
}

@Entity('plan_entries')
export class PlanEntryEntity {
  @PrimaryColumn({ name: 'preview_id', type: 'varchar', length: 36 }) previewId!: string;
  @PrimaryColumn({ type: 'integer' }) seq!: number;
  @Column({ name: 'pbx_user_id', type: 'varchar', length: 200, nullable: true }) pbxUserId!:
    string | null;
  @Column({ name: 'teams_user_id', type: 'varchar', length: 36, nullable: true }) teamsUserId!:
    string | null;
  @Column({ type: 'varchar', length: 16 }) change!: string;
  @Column({ type: 'varchar', length: 16, nullable: true }) method!: string | null;
  @Column({ type: 'varchar', length: 64, nullable: true }) number!: string | null;
  @Column({ type: 'varchar', length: 64, nullable: true }) reason!: string | null;
  @Column({ type: 'boolean' }) synced!: boolean;
}
