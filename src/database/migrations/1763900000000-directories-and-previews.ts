import { MigrationInterface, QueryRunner, Table, TableColumnOptions } from 'typeorm';
import { cascade, col, text } from '../schema-builders';

const tenantKey = (): TableColumnOptions => ({ ...text('tenant_id', 36), isPrimary: true });
const tenantRef = cascade('tenant_id', 'tenants');

export class DirectoriesAndPreviews1763900000000 implements MigrationInterface {
  name = 'DirectoriesAndPreviews1763900000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'pbx_users',
        columns: [
          tenantKey(),
          { ...text('id', 200), isPrimary: true },
          text('email', 320, true),
          text('first_name', 200),
          text('last_name', 200),
          text('extension', 50),
          text('direct_number', 64, true),
          text('e164', 64, true),
          text('number_problem', 32, true),
          text('status', 16),
          col('seen_at', 'bigint'),
        ],
        foreignKeys: [tenantRef],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'teams_users',
        columns: [
          tenantKey(),
          { ...text('id', 36), isPrimary: true },
          text('user_principal_name', 320),
          text('mail', 320, true),
          col('proxy_addresses', 'text'),
          text('display_name', 300),
          col('account_enabled', 'boolean'),
          text('user_type', 16),
          col('has_phone_system', 'boolean'),
          col('seen_at', 'bigint'),
        ],
        foreignKeys: [tenantRef],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'teams_settings',
        columns: [
          tenantKey(),
          { ...text('user_id', 36), isPrimary: true },
          text('account_type', 32),
          col('enterprise_voice', 'boolean'),
          col('numbers', 'text'),
          text('voice_routing_policy_id', 100, true),
          col('seen_at', 'bigint'),
        ],
        foreignKeys: [tenantRef],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'directory_state',
        columns: [
          tenantKey(),
          col('pbx_read_at', 'bigint', { isNullable: true }),
          col('microsoft_read_at', 'bigint', { isNullable: true }),
          col('delta_link', 'text', { isNullable: true }),
        ],
        foreignKeys: [tenantRef],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'manual_mappings',
        columns: [
          { ...text('id', 36), isPrimary: true },
          text('tenant_id', 36),
          text('pbx_user_id', 200),
          text('teams_user_id', 36),
          text('created_by', 36),
          col('created_at', 'bigint'),
        ],
        foreignKeys: [tenantRef],
        uniques: [
          { name: 'uq_manual_mappings_pbx_user', columnNames: ['tenant_id', 'pbx_user_id'] },
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'synced_links',
        columns: [
          tenantKey(),
          { ...text('pbx_user_id', 200), isPrimary: true },
          text('teams_user_id', 36),
          text('number', 64),
          col('synced_at', 'bigint'),
        ],
        foreignKeys: [tenantRef],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'previews',
        columns: [
          { ...text('id', 36), isPrimary: true },
          text('tenant_id', 36),
          col('generated_at', 'bigint'),
          text('source', 16),
          col('summary', 'text'),
        ],
        foreignKeys: [tenantRef],
        indices: [{ name: 'ix_previews_tenant', columnNames: ['tenant_id', 'generated_at'] }],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'plan_entries',
        columns: [
          { ...text('preview_id', 36), isPrimary: true },
          { ...col('seq', 'integer'), isPrimary: true },
          text('pbx_user_id', 200, true),
          text('teams_user_id', 36, true),
          text('change', 16),
          text('method', 16, true),
          text('number', 64, true),
          text('reason', 64, true),
          col('synced', 'boolean'),
        ],
        foreignKeys: [
          {
            columnNames: ['preview_id'],
            referencedTableName: 'previews',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          },
        ],
        indices: [{ name: 'ix_plan_entries_change', columnNames: ['preview_id', 'change', 'seq'] }],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of [
      'plan_entries',
      'previews',
      'synced_links',
      'manual_mappings',
      'directory_state',
      'teams_settings',
      'teams_users',
      'pbx_users',
    ]) {
      await queryRunner.dropTable(table);
    }
  }
}
