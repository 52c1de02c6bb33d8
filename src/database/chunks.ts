import { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';
import { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';

// Small enough for SQLite's and PostgreSQL's bound-parameter limits with wide rows.
export const CHUNK_ROWS = 400;

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
  const insert = bulkInsert(manager, target);
  for (let i = 0; i < rows.length; i += insert.perStatement) {
    const chunk = rows.slice(i, i + insert.perStatement);
    if (chunk.every(insert.complete))
      await manager.query(insert.sql(chunk.length), insert.values(chunk));
    else
      for (let j = 0; j < chunk.length; j += CHUNK_ROWS)
        await manager.getRepository(target).insert(chunk.slice(j, j + CHUNK_ROWS));
  }
}

/**
 * Bulk insert-or-update by `conflictPaths` (the properties of a unique key), as `insertInChunks`
 * inserts, writing only rows that are new or whose values differ from the stored ones: reading a
 * directory again over its snapshot rewrites only what changed. Returns the keys of the rows
 * written. Every row must give every column.
 */
export async function upsertInChunks<T extends ObjectLiteral>(
  manager: EntityManager,
  target: EntityTarget<T>,
  rows: QueryDeepPartialEntity<T>[],
  conflictPaths: (keyof T & string)[],
): Promise<Partial<T>[]> {
  const insert = bulkInsert(manager, target);
  const { driver, postgres, meta } = insert;
  const keys = conflictPaths.map((p) => meta.findColumnWithPropertyName(p)!);
  const others = meta.columns.filter((c) => !keys.includes(c));
  const name = (c: ColumnMetadata) => driver.escape(c.databaseName);
  const table = driver.escape(meta.tableName);
  const onConflict =
    others.length === 0
      ? `ON CONFLICT (${keys.map(name).join(', ')}) DO NOTHING`
      : `ON CONFLICT (${keys.map(name).join(', ')}) DO UPDATE SET ${others
          .map((c) => `${name(c)} = excluded.${name(c)}`)
          .join(', ')} WHERE ${
          postgres
            ? `(${others.map((c) => `${table}.${name(c)}`).join(', ')}) IS DISTINCT FROM (${others
                .map((c) => `excluded.${name(c)}`)
                .join(', ')})`
            : others.map((c) => `${table}.${name(c)} IS NOT excluded.${name(c)}`).join(' OR ')
        }`;
  const returning = `RETURNING ${keys.map(name).join(', ')}`;
  const written: Partial<T>[] = [];
  for (let i = 0; i < rows.length; i += insert.perStatement) {
    let chunk = rows.slice(i, i + insert.perStatement);
    if (!chunk.every(insert.complete))
      throw new Error(`An upsert into ${meta.tableName} must give every column of every row.`);
    // PostgreSQL refuses one statement that writes a row twice; the last of a key's rows wins.
    if (postgres) chunk = lastOfEachKey(chunk, keys);
    const raw: ObjectLiteral[] = await manager.query(
      `${insert.sql(chunk.length)} ${onConflict} ${returning}`,
      insert.values(chunk),
    );
    for (const r of raw) {
      const key: ObjectLiteral = {};
      for (const c of keys) key[c.propertyName] = driver.prepareHydratedValue(r[c.databaseName], c);
      written.push(key as Partial<T>);
    }
  }
  return written;
}

function lastOfEachKey<R extends ObjectLiteral>(rows: R[], keys: ColumnMetadata[]): R[] {
  const byKey = new Map<string, R>();
  for (const row of rows)
    byKey.set(keys.map((c) => String(c.getEntityValue(row))).join('\u0000'), row);
  return byKey.size === rows.length ? rows : [...byKey.values()];
}

/** The statement text and bound values of a multi-row insert of `target`, per database. */
function bulkInsert<T extends ObjectLiteral>(manager: EntityManager, target: EntityTarget<T>) {
  const meta = manager.connection.getMetadata(target);
  const driver = manager.connection.driver;
  const columns = meta.columns;
  const postgres = manager.connection.options.type === 'postgres';
  // A plain column's value is its property: TypeORM's general lookup costs more at this size.
  const getters = columns.map((c): ((row: ObjectLiteral) => unknown) => {
    const name = c.propertyName;
    return !c.embeddedMetadata && !c.relationMetadata && !c.transformer
      ? (row) => row[name]
      : (row) => c.getEntityValue(row);
  });
  const readers = columns.map(
    (c, k) => (row: ObjectLiteral) => driver.preparePersistentValue(getters[k](row), c),
  );
  const head = `INSERT INTO ${driver.escape(meta.tableName)} (${columns
    .map((c) => driver.escape(c.databaseName))
    .join(', ')}) `;
  const tuple = `(${columns.map(() => '?').join(', ')})`;
  const casts = columns.map((c, k) => `$${k + 1}::${driver.normalizeType(c)}[]`).join(', ');
  return {
    meta,
    driver,
    postgres,
    perStatement: postgres
      ? ROWS_PER_UNNEST
      : Math.max(1, Math.floor(VALUES_PER_INSERT / columns.length)),
    complete: (row: ObjectLiteral) => getters.every((get) => get(row) !== undefined),
    sql: (rowCount: number) =>
      postgres
        ? `${head}SELECT * FROM unnest(${casts})`
        : `${head}VALUES ${Array.from({ length: rowCount }, () => tuple).join(', ')}`,
    values: (rows: ObjectLiteral[]): unknown[] => {
      if (postgres) return readers.map((read) => rows.map(read));
      const values = new Array<unknown>(rows.length * readers.length);
      let i = 0;
      for (const row of rows) for (const read of readers) values[i++] = read(row);
      return values;
    },
  };
}
