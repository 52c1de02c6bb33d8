import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A run's row comes before its job: the database, not the queue, keeps one active run per tenant
 * (a partial unique index), and each run counts the attempts its jobs made.
 */
export class OneActiveRun1764100000000 implements MigrationInterface {
  name = 'OneActiveRun1764100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE sync_runs ADD COLUMN attempts integer NOT NULL DEFAULT 0');
    // Runs left active by the previous design, beside a newer one, could never finish now.
    await queryRunner.query(
      `UPDATE sync_runs SET state = 'failed', error_code = 'RUN_ATTEMPTS_EXHAUSTED'
       WHERE state IN ('queued', 'planning', 'awaiting_approval', 'applying')
         AND EXISTS (SELECT 1 FROM sync_runs newer WHERE newer.tenant_id = sync_runs.tenant_id
           AND newer.state IN ('queued', 'planning', 'awaiting_approval', 'applying')
           AND newer.created_at > sync_runs.created_at)`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX ux_sync_runs_one_active ON sync_runs (tenant_id)
       WHERE state IN ('queued', 'planning', 'awaiting_approval', 'applying')`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX ux_sync_runs_one_active');
    await queryRunner.query('ALTER TABLE sync_runs DROP COLUMN attempts');
  }
}
