import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';
import { col } from '../schema-builders';

const TABLES = ['pbx_users', 'teams_users', 'teams_settings'];

/**
 * A read writes only the snapshot rows that changed and drops the ones it did not see by id, so
 * rows no longer carry the time they were last read.
 */
export class SnapshotsWithoutReadTimes1765500000000 implements MigrationInterface {
  name = 'SnapshotsWithoutReadTimes1765500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const table of TABLES) await queryRunner.dropColumn(table, 'seen_at');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of TABLES)
      await queryRunner.addColumn(table, new TableColumn(col('seen_at', 'bigint', { default: 0 })));
  }
}
