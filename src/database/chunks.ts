import { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';

// Small enough for SQLite's and PostgreSQL's bound-parameter limits with wide rows.
export const CHUNK_ROWS = 400;

/** Bulk insert-or-update in chunks: never one statement per row. */
export async function upsertInChunks<T extends ObjectLiteral>(
  manager: EntityManager,
  target: EntityTarget<T>,
  rows: QueryDeepPartialEntity<T>[],
  conflictPaths: string[],
): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK_ROWS) {
    await manager
      .getRepository(target)
      .upsert(rows.slice(i, i + CHUNK_ROWS), { conflictPaths, skipUpdateIfNoValuesChanged: false });
  }
}

// Bound values per INSERT: under SQLite's 32,766 and PostgreSQL's 65,535.
const VALUES_PER_INSERT = 30_000;

/**
 * Bulk insert as multi-row INSERTs of the entity's columns, one statement text per batch size so
 * that SQLite reuses the prepared statement. TypeORM's insert builder costs more than the
 * statement itself at this size; a row that leaves a column to its default goes through it.
 */
export async function insertInChunks<T extends ObjectLiteral>(
  manager: EntityManager,
  target: EntityTarget<T>,
  rows: QueryDeepPartialEntity<T>[],
): Promise<void> {
  const meta = manager.connection.getMetadata(target);
  const driver = manager.connection.driver;
  const columns = meta.columns;
  const complete = (row: ObjectLiteral) =>
    columns.every((c) => c.getEntityValue(row) !== undefined);
  const perStatement = Math.max(1, Math.floor(VALUES_PER_INSERT / columns.length));
  const placeholder =
    manager.connection.options.type === 'postgres' ? (n: number) => `$${n}` : () => '?';
  const head = `INSERT INTO ${driver.escape(meta.tableName)} (${columns
    .map((c) => driver.escape(c.databaseName))
    .join(', ')}) VALUES `;
  for (let i = 0; i < rows.length; i += perStatement) {
    const chunk = rows.slice(i, i + perStatement);
    if (!chunk.every(complete)) {
      for (let j = 0; j < chunk.length; j += CHUNK_ROWS)
        await manager.getRepository(target).insert(chunk.slice(j, j + CHUNK_ROWS));
      continue;
    }
    const values: unknown[] = [];
    const tuples = chunk.map((row) => {
      const marks = columns.map((c) => {
        values.push(driver.preparePersistentValue(c.getEntityValue(row), c));
        return placeholder(values.length);
      });
      return `(${marks.join(', ')})`;
    });
    await manager.query(head + tuples.join(', '), values);
  }
}
