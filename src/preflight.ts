import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Redis from 'ioredis';
import { Client } from 'pg';
import { AppConfig } from './config/config';
import { redactUrl } from './common/queue/redis-connection';

const CONNECT_TIMEOUT_MS = 3000;

/**
 * Checks, before anything else starts, that Redis and the database can be reached, and says in
 * plain words what to do when they cannot. Returns the problems found.
 */
export async function preflight(config: AppConfig): Promise<string[]> {
  const problems = await Promise.all([checkRedis(config.redis.url), checkDatabase(config)]);
  return problems.filter((p): p is string => p !== null);
}

async function checkRedis(url: string): Promise<string | null> {
  const redis = new Redis(url, {
    lazyConnect: true,
    connectTimeout: CONNECT_TIMEOUT_MS,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    await redis.ping();
    return null;
  } catch (error) {
    return `Cannot reach Redis at ${redactUrl(url)} (${(error as Error).message}). Start Redis, for example with 'redis-server --daemonize yes', or set REDIS_URL to a running server.`;
  } finally {
    redis.disconnect();
  }
}

async function checkDatabase(config: AppConfig): Promise<string | null> {
  const db = config.database;
  if (db.type === 'sqlite') {
    try {
      mkdirSync(dirname(db.path), { recursive: true });
      return null;
    } catch (error) {
      return `Cannot create the folder for the SQLite database ${db.path} (${(error as Error).message}). Set SQLITE_PATH to a writable place.`;
    }
  }
  const client = new Client({
    connectionString: db.url,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
  });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('SELECT 1');
    return null;
  } catch (error) {
    const reason =
      (error as Error).message || (error as { code?: string }).code || 'connection failed';
    return `Cannot reach PostgreSQL at ${redactUrl(db.url)} (${reason}). Start PostgreSQL, for example with 'pg_ctlcluster 15 main start', or fix DATABASE_URL.`;
  } finally {
    await client.end().catch(() => undefined);
  }
}
