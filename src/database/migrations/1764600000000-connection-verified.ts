import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';
import { instant } from '../schema-builders';

/** A tenant keeps when "Verify connection" last passed, so the onboarding step stays done. */
export class ConnectionVerified1764600000000 implements MigrationInterface {
  name = 'ConnectionVerified1764600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumn(
      'tenants',
      new TableColumn(instant('connection_verified_at', true)),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('tenants', 'connection_verified_at');
  }
}
