import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { cascade, col, instant, text } from '../schema-builders';

/** Each tenant's audit log: who changed what, when, from which address. */
export class AuditLog1764800000000 implements MigrationInterface {
  name = 'AuditLog1764800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'audit_entries',
        columns: [
          col('seq', 'integer', {
            isPrimary: true,
            isGenerated: true,
            generationStrategy: 'increment',
          }),
          text('tenant_id', 36),
          instant('at'),
          text('action', 40),
          text('actor_id', 36, true),
          text('actor', 400),
          text('address', 64, true),
          col('summary', 'text'),
          col('changes', 'text', { isNullable: true }),
        ],
        foreignKeys: [cascade('tenant_id', 'tenants')],
        indices: [{ name: 'ix_audit_entries_tenant', columnNames: ['tenant_id', 'at'] }],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('audit_entries');
  }
}
