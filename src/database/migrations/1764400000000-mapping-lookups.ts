import { MigrationInterface, QueryRunner, Table, TableColumn, TableIndex } from 'typeorm';
import { col, instant, text } from '../schema-builders';

/**
 * What lets a mapping import check 100,000 rows without holding either directory or the file:
 * every address a Microsoft 365 user answers to, each PBX user's e-mail address in the same
 * normalised form, and the rows of a file while it is checked. Both are filled as the directories are read, so the read state is cleared and
 * the next read of each tenant is a full one.
 */
export class MappingLookups1764400000000 implements MigrationInterface {
  name = 'MappingLookups1764400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'teams_addresses',
        columns: [
          { ...text('tenant_id', 36), isPrimary: true },
          { ...text('address', 320), isPrimary: true },
          { ...text('teams_user_id', 36), isPrimary: true },
        ],
        foreignKeys: [
          {
            columnNames: ['tenant_id', 'teams_user_id'],
            referencedTableName: 'teams_users',
            referencedColumnNames: ['tenant_id', 'id'],
            onDelete: 'CASCADE',
          },
        ],
        // Covering, so that SQLite prefers it to the primary key for a user's addresses.
        indices: [
          {
            name: 'ix_teams_addresses_user',
            columnNames: ['tenant_id', 'teams_user_id', 'address'],
          },
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'mapping_import_rows',
        columns: [
          // Short: it leads every key of the table.
          { ...text('import_id', 12), isPrimary: true },
          { ...col('line', 'integer'), isPrimary: true },
          text('pbx_user_id', 200),
          text('teams_user_id', 36, true),
          text('previous_teams_user_id', 36, true),
          text('kind', 16, true),
          text('mapping_id', 36, true),
          instant('staged_at'),
        ],
        indices: [
          { name: 'ix_mapping_import_rows_pbx_user', columnNames: ['import_id', 'pbx_user_id'] },
          {
            name: 'ix_mapping_import_rows_teams_user',
            columnNames: ['import_id', 'teams_user_id'],
          },
        ],
      }),
    );
    await queryRunner.addColumn('pbx_users', new TableColumn(text('email_key', 320, true)));
    const indices: [string, string, string[]][] = [
      ['pbx_users', 'ix_pbx_users_email_key', ['tenant_id', 'email_key']],
      // Who holds a Teams user today: by hand, or synced.
      ['manual_mappings', 'ix_manual_mappings_teams_user', ['tenant_id', 'teams_user_id']],
      ['synced_links', 'ix_synced_links_teams_user', ['tenant_id', 'teams_user_id']],
    ];
    for (const [table, name, columnNames] of indices)
      await queryRunner.createIndex(table, new TableIndex({ name, columnNames }));
    await queryRunner.query(
      'UPDATE directory_state SET pbx_read_at = NULL, microsoft_read_at = NULL, delta_link = NULL',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('synced_links', 'ix_synced_links_teams_user');
    await queryRunner.dropIndex('manual_mappings', 'ix_manual_mappings_teams_user');
    await queryRunner.dropIndex('pbx_users', 'ix_pbx_users_email_key');
    await queryRunner.dropColumn('pbx_users', 'email_key');
    await queryRunner.dropTable('mapping_import_rows');
    await queryRunner.dropTable('teams_addresses');
  }
}
