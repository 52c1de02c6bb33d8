import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';
import { text } from '../schema-builders';

/** A password link is an invitation (first password) or a reset ("Forgot password"). */
export class PasswordResets1765100000000 implements MigrationInterface {
  name = 'PasswordResets1765100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumn(
      'invitations',
      new TableColumn({ ...text('purpose', 16), default: "'invitation'" }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('invitations', 'purpose');
  }
}
