import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';
import { instant, text } from '../schema-builders';

/**
 * A deleted tenant stays, inactive and restorable, for 30 days: when it was deleted, and the
 * Microsoft 365 tenant it was linked to (the link itself is released for others to take).
 */
export class TenantDeletion1764900000000 implements MigrationInterface {
  name = 'TenantDeletion1764900000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumns(
      'tenants',
      [instant('deleted_at', true), text('released_microsoft_tenant_id', 36, true)].map(
        (c) => new TableColumn(c),
      ),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('tenants', 'released_microsoft_tenant_id');
    await queryRunner.dropColumn('tenants', 'deleted_at');
  }
}
