import { TableColumnOptions, TableForeignKeyOptions } from 'typeorm';

/** Column and key builders for migrations, in types that mean the same on SQLite and PostgreSQL. */
export const col = (
  name: string,
  type: string,
  extra: Partial<TableColumnOptions> = {},
): TableColumnOptions => ({ name, type, ...extra });

export const text = (name: string, length: number, nullable = false) =>
  col(name, 'varchar', { length: String(length), isNullable: nullable });

/** Epoch milliseconds (see InstantColumn). */
export const instant = (name: string, nullable = false) =>
  col(name, 'bigint', { isNullable: nullable });

/** A reference to `table.id` whose rows go when the referenced row goes. */
export const cascade = (column: string, table: string): TableForeignKeyOptions => ({
  columnNames: [column],
  referencedTableName: table,
  referencedColumnNames: ['id'],
  onDelete: 'CASCADE',
});
