import Sqlite from 'better-sqlite3';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../ormconfig';
import { DatabaseSettings } from '../config/database.config';
import { ensurePrivateFile } from '../common/fs/private-files';
import { takeTurnsOnSqlite } from './sqlite-turns';

// Any fixed number works; every process of this service uses the same one.
const MIGRATION_LOCK_ID = 727_310_001;

/** Opens the database and brings its schema up to date. */
export async function openDatabase(settings: DatabaseSettings): Promise<DataSource> {
  // SQLite makes its WAL and shared-memory files with the database file's permissions.
  if (settings.type === 'sqlite') ensurePrivateFile(settings.path);
  const dataSource = new DataSource(dataSourceOptions(settings));
  await dataSource.initialize();
  if (settings.type === 'sqlite') takeTurnsOnSqlite(dataSource);
  try {
    await runMigrations(dataSource);
  } catch (error) {
    await dataSource.destroy();
    throw error;
  }
  return dataSource;
}

/** API and worker processes may start together: one migrates while the others wait. */
async function runMigrations(dataSource: DataSource): Promise<void> {
  if (dataSource.options.type !== 'postgres') {
    await withSqliteLock(String(dataSource.options.database), () =>
      dataSource.runMigrations({ transaction: 'each' }),
    );
    return;
  }
  const lock = dataSource.createQueryRunner();
  await lock.connect();
  try {
    await lock.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_ID]);
    await dataSource.runMigrations({ transaction: 'each' });
  } finally {
    await lock.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_ID]).catch(() => undefined);
    await lock.release();
  }
}

const LOCK_WAIT_MS = 30_000;

/**
 * SQLite has no advisory locks: an exclusive transaction on a side file serves as one. It is
 * tried without blocking and retried, so waiting never stalls the event loop.
 */
async function withSqliteLock<T>(databasePath: string, fn: () => Promise<T>): Promise<T> {
  ensurePrivateFile(`${databasePath}.migration-lock`);
  const lock = new Sqlite(`${databasePath}.migration-lock`, { timeout: 0 });
  const deadline = Date.now() + LOCK_WAIT_MS;
  try {
    for (;;) {
      try {
        lock.exec('BEGIN EXCLUSIVE');
        break;
      } catch (error) {
        if ((error as { code?: string }).code !== 'SQLITE_BUSY' || Date.now() > deadline)
          throw error;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
    return await fn();
  } finally {
    if (lock.inTransaction) lock.exec('COMMIT');
    lock.close();
  }
}
