import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { cascade, col, instant, text } from '../schema-builders';

export class SyncRuns1764000000000 implements MigrationInterface {
  name = 'SyncRuns1764000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'sync_runs',
        columns: [
          { ...text('id', 36), isPrimary: true },
          text('tenant_id', 36),
          text('kind', 16),
          text('run_trigger', 16),
          text('state', 24),
          text('requested_by', 36, true),
          col('scope', 'text', { isNullable: true }),
          text('policy_id', 100, true),
          col('counts', 'text'),
          col('total_items', 'integer', { default: 0 }),
          col('done_items', 'integer', { default: 0 }),
          text('error_code', 64, true),
          col('error_message', 'text', { isNullable: true }),
          text('decided_by', 36, true),
          text('lease_id', 36, true),
          instant('created_at'),
          instant('started_at', true),
          instant('planned_at', true),
          instant('finished_at', true),
          instant('heartbeat_at'),
        ],
        foreignKeys: [cascade('tenant_id', 'tenants')],
        indices: [
          { name: 'ix_sync_runs_tenant', columnNames: ['tenant_id', 'created_at'] },
          { name: 'ix_sync_runs_state', columnNames: ['state', 'heartbeat_at'] },
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'run_items',
        columns: [
          { ...text('run_id', 36), isPrimary: true },
          { ...col('seq', 'integer'), isPrimary: true },
          text('pbx_user_id', 200),
          text('teams_user_id', 36),
          text('change', 16),
          text('method', 16, true),
          text('number', 64),
          text('state', 16),
          text('failure_code', 64, true),
          instant('finished_at', true),
        ],
        foreignKeys: [cascade('run_id', 'sync_runs')],
        indices: [{ name: 'ix_run_items_state', columnNames: ['run_id', 'state', 'seq'] }],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'sync_failures',
        columns: [
          { ...text('id', 36), isPrimary: true },
          text('tenant_id', 36),
          text('run_id', 36),
          text('pbx_user_id', 200),
          text('teams_user_id', 36),
          text('change', 16),
          text('number', 64),
          text('code', 64),
          col('message', 'text'),
          col('action', 'text'),
          col('retryable', 'boolean'),
          instant('next_retry_at', true),
          col('attempts', 'integer'),
          instant('created_at'),
          instant('updated_at'),
          instant('resolved_at', true),
        ],
        foreignKeys: [cascade('tenant_id', 'tenants')],
        indices: [
          { name: 'ix_sync_failures_user', columnNames: ['tenant_id', 'pbx_user_id'] },
          { name: 'ix_sync_failures_open', columnNames: ['tenant_id', 'resolved_at', 'code'] },
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'tenant_users',
        columns: [
          { ...text('tenant_id', 36), isPrimary: true },
          { ...text('pbx_user_id', 200), isPrimary: true },
          text('teams_user_id', 36, true),
          text('method', 16, true),
          text('number', 64, true),
          text('state', 16),
          text('reason', 64, true),
          text('run_id', 36),
          instant('updated_at'),
        ],
        foreignKeys: [cascade('tenant_id', 'tenants')],
        indices: [{ name: 'ix_tenant_users_state', columnNames: ['tenant_id', 'state'] }],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['tenant_users', 'sync_failures', 'run_items', 'sync_runs'])
      await queryRunner.dropTable(table);
  }
}
