import { randomUUID } from 'node:crypto';
import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { instant, text } from '../schema-builders';

/**
 * The database's identity: one row, made once with the database, that tells this deployment from
 * any other (two deployments that share one Redis must not take each other's jobs).
 */
export class DeploymentIdentity1765000000000 implements MigrationInterface {
  name = 'DeploymentIdentity1765000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'deployment',
        columns: [{ ...text('id', 36), isPrimary: true }, instant('created_at')],
      }),
    );
    await queryRunner.query(
      ...queryRunner.connection.driver.escapeQueryWithParameters(
        'INSERT INTO deployment (id, created_at) VALUES (:id, :at)',
        { id: randomUUID(), at: Date.now() },
      ),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('deployment');
  }
}
