import { Column, Entity, PrimaryColumn } from 'typeorm';
import { InstantColumn } from '../database/columns';
import type { MappingChangeKind } from './mapping-import';

/**
 * A row of a mapping file being imported, held in the database rather than in memory while the
 * file is checked, and gone when the import answers.
 */
@Entity('mapping_import_rows')
export class MappingImportRowEntity {
  @PrimaryColumn({ name: 'import_id', type: 'varchar', length: 12 }) importId!: string;
  @PrimaryColumn({ type: 'integer' }) line!: number;
  @Column({ name: 'pbx_user_id', type: 'varchar', length: 200 }) pbxUserId!: string;
  /** The Teams user the row gives the PBX user; null for a removal or a rejected row. */
  @Column({ name: 'teams_user_id', type: 'varchar', length: 36, nullable: true })
  teamsUserId!: string | null;
  @Column({ name: 'previous_teams_user_id', type: 'varchar', length: 36, nullable: true })
  previousTeamsUserId!: string | null;
  /** What applying the row does; null once the row is rejected. */
  @Column({ type: 'varchar', length: 16, nullable: true }) kind!: MappingChangeKind | null;
  /** The id the new manual mapping gets, for a row that creates or replaces one. */
  @Column({ name: 'mapping_id', type: 'varchar', length: 36, nullable: true })
  mappingId!: string | null;
  @InstantColumn('staged_at') stagedAt!: Date;
}
