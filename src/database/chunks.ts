import { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';

// Small enough for SQLite's and PostgreSQL's bound-parameter limits with wide rows.
const CHUNK_ROWS = 400;

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

export async function insertInChunks<T extends ObjectLiteral>(
  manager: EntityManager,
  target: EntityTarget<T>,
  rows: QueryDeepPartialEntity<T>[],
): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK_ROWS) {
    await manager.getRepository(target).insert(rows.slice(i, i + CHUNK_ROWS));
  }
}
