import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';
import { col } from '../schema-builders';

/** Whether the PBX has secure calling on for a user, which blocks the user until it is off. */
export class PbxSecureCalling1765400000000 implements MigrationInterface {
  name = 'PbxSecureCalling1765400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumn(
      'pbx_users',
      new TableColumn(col('secure_calling', 'boolean', { default: false })),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('pbx_users', 'secure_calling');
  }
}
