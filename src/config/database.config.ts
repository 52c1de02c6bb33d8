import { EnvReader } from './env-reader';

export type DatabaseSettings = { type: 'sqlite'; path: string } | { type: 'postgres'; url: string };

/** SQLite under data/ is the embedded default; DATABASE_URL=postgres://… selects PostgreSQL. */
export function readDatabaseConfig(env: EnvReader): DatabaseSettings {
  const url = env.optionalUrl('DATABASE_URL', ['postgres:', 'postgresql:'], true);
  if (url) return { type: 'postgres', url };
  return { type: 'sqlite', path: env.string('SQLITE_PATH', 'data/teams-connector.sqlite') };
}
