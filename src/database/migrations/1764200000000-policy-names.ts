import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Teams' name of each user's voice routing policy beside its id: the id a user's assignment
 * carries may be shaped otherwise than the one `getPolicyId` answers, and the name settles it.
 */
export class PolicyNames1764200000000 implements MigrationInterface {
  name = 'PolicyNames1764200000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'ALTER TABLE teams_settings ADD COLUMN voice_routing_policy_name varchar(200)',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE teams_settings DROP COLUMN voice_routing_policy_name');
  }
}
