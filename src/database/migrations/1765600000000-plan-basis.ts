import { MigrationInterface, QueryRunner, TableColumn, TableIndex } from 'typeorm';
import { text } from '../schema-builders';

/**
 * What a tenant's last recorded plan started from besides the snapshots (sync mode, seats, voice
 * routing policy, manual mappings): an incremental run plans only the users its changes affect
 * while that basis holds, and the whole tenant when it does not. Such a run looks up who else
 * carries a number; a synced pair's number is found by index.
 */
export class PlanBasis1765600000000 implements MigrationInterface {
  name = 'PlanBasis1765600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumn('directory_state', new TableColumn(text('plan_basis', 64, true)));
    await queryRunner.createIndex(
      'synced_links',
      new TableIndex({ name: 'ix_synced_links_number', columnNames: ['tenant_id', 'number'] }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('synced_links', 'ix_synced_links_number');
    await queryRunner.dropColumn('directory_state', 'plan_basis');
  }
}
