import { MigrationInterface, QueryRunner, Table, TableColumn, TableColumnOptions } from 'typeorm';
import { cascade, instant } from '../schema-builders';

const id = (name = 'id'): TableColumnOptions => ({
  name,
  type: 'varchar',
  length: '36',
  isPrimary: name === 'id',
});

export class OperatorsAndConsent1763800000000 implements MigrationInterface {
  name = 'OperatorsAndConsent1763800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumns('tenants', [
      new TableColumn({ name: 'pbx_account_id', type: 'varchar', length: '200', default: "''" }),
      new TableColumn({ name: 'pbx_api_url', type: 'varchar', length: '500', default: "''" }),
      new TableColumn({ name: 'pbx_client_id', type: 'varchar', length: '200', default: "''" }),
      new TableColumn({ name: 'pbx_client_secret', type: 'text', isNullable: true }),
      new TableColumn({ name: 'consent_state', type: 'varchar', length: '16', default: "'none'" }),
      new TableColumn({ name: 'consent_message', type: 'text', isNullable: true }),
      new TableColumn({ name: 'consent_updated_at', type: 'bigint', isNullable: true }),
      new TableColumn({
        name: 'microsoft_tenant_id',
        type: 'varchar',
        length: '36',
        isNullable: true,
        isUnique: true,
      }),
      new TableColumn({ name: 'sync_mode', type: 'varchar', length: '16', default: "'automatic'" }),
      new TableColumn({ name: 'sync_enabled', type: 'boolean', default: false }),
      new TableColumn({ name: 'schedule_minutes', type: 'integer', default: 15 }),
      new TableColumn({
        name: 'voice_routing_policy',
        type: 'varchar',
        length: '200',
        isNullable: true,
      }),
      new TableColumn({ name: 'removal_threshold_count', type: 'integer', default: 10 }),
      new TableColumn({ name: 'removal_threshold_percent', type: 'integer', default: 10 }),
    ]);
    await queryRunner.createTable(
      new Table({
        name: 'operators',
        columns: [
          id(),
          { name: 'email', type: 'varchar', length: '320', isUnique: true },
          { name: 'first_name', type: 'varchar', length: '100' },
          { name: 'last_name', type: 'varchar', length: '100' },
          { name: 'role', type: 'varchar', length: '20' },
          { name: 'status', type: 'varchar', length: '16' },
          { name: 'password_hash', type: 'varchar', length: '200', isNullable: true },
          instant('created_at'),
          instant('updated_at'),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'operator_tenants',
        columns: [
          { ...id('operator_id'), isPrimary: true },
          { ...id('tenant_id'), isPrimary: true },
          instant('created_at'),
        ],
        foreignKeys: [cascade('operator_id', 'operators'), cascade('tenant_id', 'tenants')],
        indices: [{ name: 'ix_operator_tenants_tenant', columnNames: ['tenant_id'] }],
      }),
    );
    for (const name of ['sessions', 'invitations']) {
      await queryRunner.createTable(
        new Table({
          name,
          columns: [
            id(),
            id('operator_id'),
            { name: 'token_hash', type: 'varchar', length: '64', isUnique: true },
            instant('created_at'),
            instant('expires_at'),
            instant(name === 'sessions' ? 'revoked_at' : 'used_at', true),
          ],
          foreignKeys: [cascade('operator_id', 'operators')],
        }),
      );
    }
    await queryRunner.createTable(
      new Table({
        name: 'consent_requests',
        columns: [
          id(),
          id('tenant_id'),
          id('operator_id'),
          instant('created_at'),
          instant('expires_at'),
          instant('used_at', true),
        ],
        foreignKeys: [cascade('tenant_id', 'tenants'), cascade('operator_id', 'operators')],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'outbox_emails',
        columns: [
          id(),
          { name: 'recipient', type: 'varchar', length: '320' },
          { name: 'subject', type: 'varchar', length: '300' },
          { name: 'text_body', type: 'text' },
          { name: 'html_body', type: 'text' },
          { name: 'status', type: 'varchar', length: '16' },
          { name: 'attempts', type: 'integer', default: 0 },
          { name: 'last_error', type: 'text', isNullable: true },
          instant('created_at'),
          instant('sent_at', true),
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of [
      'outbox_emails',
      'consent_requests',
      'invitations',
      'sessions',
      'operator_tenants',
      'operators',
    ]) {
      await queryRunner.dropTable(table);
    }
    for (const column of [
      'removal_threshold_percent',
      'removal_threshold_count',
      'voice_routing_policy',
      'schedule_minutes',
      'sync_enabled',
      'sync_mode',
      'microsoft_tenant_id',
      'consent_updated_at',
      'consent_message',
      'consent_state',
      'pbx_client_secret',
      'pbx_client_id',
      'pbx_api_url',
      'pbx_account_id',
    ]) {
      await queryRunner.dropColumn('tenants', column);
    }
  }
}
