import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { cascade, col, instant, text } from '../schema-builders';

/** One Direct Routing onboarding per tenant, with what it created written down. */
export class DirectRoutingOnboarding1765300000000 implements MigrationInterface {
  name = 'DirectRoutingOnboarding1765300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'direct_routing_onboardings',
        columns: [
          { ...text('tenant_id', 36), isPrimary: true },
          text('domain', 255),
          text('dns_mode', 16),
          text('step', 16),
          text('status', 16),
          text('verification_text', 255, true),
          instant('verify_deadline', true),
          instant('verified_at', true),
          col('spare_skus', 'text', { isNullable: true }),
          text('activation_sku_id', 36, true),
          text('activation_upn', 320, true),
          text('activation_user_id', 36, true),
          instant('activation_until', true),
          instant('activation_removed_at', true),
          instant('policy_found_at', true),
          instant('next_check_at', true),
          text('stopped_step', 16, true),
          text('problem_code', 64, true),
          col('problem', 'text', { isNullable: true }),
          instant('started_at'),
          instant('updated_at'),
        ],
        foreignKeys: [cascade('tenant_id', 'tenants')],
        indices: [{ name: 'ix_onboardings_due', columnNames: ['status', 'next_check_at'] }],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('direct_routing_onboardings');
  }
}
