import { MigrationInterface, QueryRunner, TableIndex } from 'typeorm';

/** The fleet reads each tenant's latest finished runs: by tenant, newest first. */
export class Fleet1764500000000 implements MigrationInterface {
  name = 'Fleet1764500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createIndex(
      'sync_runs',
      new TableIndex({ name: 'ix_sync_runs_finished', columnNames: ['tenant_id', 'finished_at'] }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('sync_runs', 'ix_sync_runs_finished');
  }
}
