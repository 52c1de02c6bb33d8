import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Client } from 'pg';
import type { DatabaseSettings } from '../../src/config/database.config';

export interface IsolatedDatabase {
  settings: DatabaseSettings;
  /** The environment variables that select this database. */
  env: Record<string, string>;
  /** Runs one statement from outside the service, as an operator at the database would. */
  execute(sql: string, params?: (string | number)[]): Promise<void>;
  /** Everything stored, as an attacker with the files (or a dump) would read it. */
  dump(): Promise<string>;
  drop(): Promise<void>;
}

/**
 * A database of its own for one test file: a fresh PostgreSQL database when DATABASE_URL is set
 * (as `.ci/run` does for its second pass), otherwise a SQLite file in a temporary folder.
 */
export async function isolatedDatabase(): Promise<IsolatedDatabase> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    const dir = mkdtempSync(join(tmpdir(), 'tc-db-'));
    const path = join(dir, 'test.sqlite');
    return {
      settings: { type: 'sqlite', path },
      env: { SQLITE_PATH: path },
      execute: async (sql, params = []) => {
        const sqlite = new Database(path);
        try {
          sqlite.prepare(sql.replace(/\$\d+/g, '?')).run(...params);
        } finally {
          sqlite.close();
        }
      },
      dump: async () =>
        [path, `${path}-wal`]
          .filter((file) => existsSync(file))
          .map((file) => readFileSync(file).toString('latin1'))
          .join('\n'),
      drop: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  const name = `tc_test_${randomBytes(6).toString('hex')}`;
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    settings: { type: 'postgres', url: url.toString() },
    env: { DATABASE_URL: url.toString() },
    execute: async (sql, params = []) => {
      const client = new Client({ connectionString: url.toString() });
      await client.connect();
      try {
        await client.query(sql, params);
      } finally {
        await client.end();
      }
    },
    dump: async () => {
      const client = new Client({ connectionString: url.toString() });
      await client.connect();
      try {
        const tables = await client.query(
          "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename",
        );
        const rows: string[] = [];
        for (const { tablename } of tables.rows)
          for (const row of (
            await client.query(`SELECT row_to_json(t)::text AS r FROM "${tablename}" t`)
          ).rows)
            rows.push(row.r);
        return rows.join('\n');
      } finally {
        await client.end();
      }
    },
    drop: async () => {
      const client = new Client({ connectionString: serverUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}
