import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';
import { instant } from '../schema-builders';

/** A deleted operator stays, unable to sign in and restorable, for 30 days before it is purged. */
export class OperatorDeletion1765200000000 implements MigrationInterface {
  name = 'OperatorDeletion1765200000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumn('operators', new TableColumn(instant('deleted_at', true)));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('operators', 'deleted_at');
  }
}
