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

// Bound values per INSERT on SQLite: under its limit of 32,766.
const VALUES_PER_INSERT = 30_000;
// Rows per INSERT on PostgreSQL, where each column is one array parameter.
const ROWS_PER_UNNEST = 10_000;

/**
 * Bulk insert, the fastest way each database offers short of COPY: on PostgreSQL one array per
 * column through `unnest`, on SQLite multi-row VALUES with one statement text per batch size so
 * that it prepares it once. TypeORM's insert builder costs more than the statement itself at this
 * size; a row that leaves a column to its default goes through it.
 */
export async function insertInChunks<T extends ObjectLiteral>(
  manager: EntityManager,
  target: EntityTarget<T>,
  rows: QueryDeepPartialEntity<T>[],
): Promise<void> {
  const meta = manager.connection.getMetadata(target);
  const driver = manager.connection.driver;
  const columns = meta.columns;
  const postgres = manager.connection.options.type === 'postgres';
  const complete = (row: ObjectLiteral) =>
    columns.every((c) => c.getEntityValue(row) !== undefined);
  const value = (row: ObjectLiteral, c: (typeof columns)[number]) =>
    driver.preparePersistentValue(c.getEntityValue(row), c);
  const head = `INSERT INTO ${driver.escape(meta.tableName)} (${columns
    .map((c) => driver.escape(c.databaseName))
    .join(', ')}) `;
  const perStatement = postgres
    ? ROWS_PER_UNNEST
    : Math.max(1, Math.floor(VALUES_PER_INSERT / columns.length));
  for (let i = 0; i < rows.length; i += perStatement) {
    const chunk = rows.slice(i, i + perStatement);
    if (!chunk.every(complete)) {
      for (let j = 0; j < chunk.length; j += CHUNK_ROWS)
        await manager.getRepository(target).insert(chunk.slice(j, j + CHUNK_ROWS));
    } else if (postgres) {
      const arrays = columns.map((c) => chunk.map((row) => value(row, c)));
      const casts = columns.map((c, k) => `$${k + 1}::${driver.normalizeType(c)}[]`);
      await manager.query(`${head}SELECT * FROM unnest(${casts.join(', ')})`, arrays);
    } else {
      const values: unknown[] = [];
      const tuples = chunk.map(
        (row) => `(${columns.map((c) => (values.push(value(row, c)), '?')).join(', ')})`,
      );
      await manager.query(`${head}VALUES ${tuples.join(', ')}`, values);
    }
  }
}
