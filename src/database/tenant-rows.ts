import { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import { Driver } from 'typeorm/driver/Driver';
import { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';

// Bound parameters per statement: well under SQLite's and PostgreSQL's limits.
const KEYS_PER_STATEMENT = 1_000;

type Columns<T> = (keyof T & string)[];

/**
 * A tenant's rows of one table, only the columns named, a page at a time in key order: never the
 * whole table as entities at once. Rows are read raw and converted by the column metadata, as
 * `rowsWhereIn` reads them.
 */
export async function* pagesOf<T extends ObjectLiteral, K extends keyof T & string>(
  manager: EntityManager,
  target: EntityTarget<T>,
  tenantId: string,
  key: K,
  columns: Columns<T>,
  size = 2_000,
): AsyncGenerator<Pick<T, K | (typeof columns)[number]>[]> {
  const meta = manager.connection.getMetadata(target);
  const driver = manager.connection.driver;
  const postgres = manager.connection.options.type === 'postgres';
  const mark = (n: number) => (postgres ? `$${n}` : '?');
  const column = (property: string) => meta.findColumnWithPropertyName(property)!;
  const name = (property: string) => driver.escape(column(property).databaseName);
  const selected = [...new Set<string>([key, ...columns])].map(column);
  const head = `SELECT ${selected.map((c) => driver.escape(c.databaseName)).join(', ')}
    FROM ${driver.escape(meta.tableName)} WHERE ${name('tenantId')} = ${mark(1)}`;
  const tail = `ORDER BY ${name(key)} LIMIT ${Number(size)}`;
  const first = `${head} ${tail}`;
  const next = `${head} AND ${name(key)} > ${mark(2)} ${tail}`;
  let after: unknown = null;
  for (;;) {
    const raw: ObjectLiteral[] = await manager.query(
      after === null ? first : next,
      after === null ? [tenantId] : [tenantId, after],
    );
    if (raw.length > 0)
      yield raw.map((r) => hydrated(driver, selected, r) as Pick<T, K | (typeof columns)[number]>);
    if (raw.length < size) return;
    after = raw[raw.length - 1][column(key).databaseName];
  }
}

/** A raw row as the entity holds it; `prefix` starts each column's name in a joined row. */
export function hydrated(
  driver: Driver,
  columns: ColumnMetadata[],
  raw: ObjectLiteral,
  prefix = '',
): ObjectLiteral {
  const row: ObjectLiteral = {};
  for (const c of columns)
    row[c.propertyName] = driver.prepareHydratedValue(raw[`${prefix}${c.databaseName}`], c);
  return row;
}

/**
 * The rows in `scope` (a tenant, say) whose `key` is one of `values`, only the columns named,
 * however many values. PostgreSQL takes the values as one array parameter; SQLite as a list padded
 * with NULLs (which match nothing) to one length, so that it prepares the statement once. Rows are
 * read raw and converted by the column metadata: building entities costs more than the statement.
 */
export async function rowsWhereIn<T extends ObjectLiteral, K extends keyof T & string>(
  manager: EntityManager,
  target: EntityTarget<T>,
  scope: Partial<T>,
  key: K,
  values: Iterable<string>,
  columns: Columns<T>,
): Promise<Pick<T, K | (typeof columns)[number]>[]> {
  const all = [...new Set(values)];
  if (all.length === 0) return [];
  const meta = manager.connection.getMetadata(target);
  const driver = manager.connection.driver;
  const postgres = manager.connection.options.type === 'postgres';
  const column = (property: string) => meta.findColumnWithPropertyName(property)!;
  const name = (property: string) => driver.escape(column(property).databaseName);
  const selected = [key, ...columns].map(column);
  const scoped = Object.entries(scope).map(([property, value]) => ({
    name: name(property),
    value: driver.preparePersistentValue(value, column(property)),
  }));
  const size = postgres ? all.length : Math.min(KEYS_PER_STATEMENT, all.length);
  const mark = (n: number) => (postgres ? `$${n}` : '?');
  const list = postgres
    ? `= ANY(${mark(scoped.length + 1)})`
    : `IN (${Array.from({ length: size }, (_, i) => mark(scoped.length + i + 1)).join(', ')})`;
  const sql = `SELECT ${selected.map((c) => driver.escape(c.databaseName)).join(', ')}
    FROM ${driver.escape(meta.tableName)}
    WHERE ${scoped.map((s, i) => `${s.name} = ${mark(i + 1)}`).join(' AND ')} AND ${name(key)} ${list}`;
  const found: Pick<T, K | (typeof columns)[number]>[] = [];
  for (let i = 0; i < all.length; i += size) {
    const chunk: (string | null)[] = all.slice(i, i + size);
    while (chunk.length < size) chunk.push(null);
    const scopeValues = scoped.map((s) => s.value);
    const raw: ObjectLiteral[] = await manager.query(
      sql,
      postgres ? [...scopeValues, chunk] : [...scopeValues, ...chunk],
    );
    for (const r of raw)
      found.push(hydrated(driver, selected, r) as Pick<T, K | (typeof columns)[number]>);
  }
  return found;
}
