import { readAppConfig } from './app.config';
import { readDatabaseConfig } from './database.config';
import { ConfigError, EnvReader } from './env-reader';
import { readMicrosoftConfig } from './microsoft.config';
import { readRedisConfig } from './redis.config';
import { readSecurityConfig } from './security.config';
import { readMailConfig } from './mail.config';
import { readSyncConfig } from './sync.config';
import { readDirectRoutingConfig } from './direct-routing.config';

/** The whole validated configuration; the Nest injection token for it too. */
export class AppConfig {
  constructor(
    readonly app: ReturnType<typeof readAppConfig>,
    readonly database: ReturnType<typeof readDatabaseConfig>,
    readonly redis: ReturnType<typeof readRedisConfig>,
    readonly microsoft: ReturnType<typeof readMicrosoftConfig>,
    readonly security: ReturnType<typeof readSecurityConfig>,
    readonly mail: ReturnType<typeof readMailConfig>,
    readonly sync: ReturnType<typeof readSyncConfig>,
    readonly directRouting: ReturnType<typeof readDirectRoutingConfig>,
  ) {}
}

/** Validates every slice and throws one ConfigError naming every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const reader = new EnvReader(env);
  const config = new AppConfig(
    readAppConfig(reader),
    readDatabaseConfig(reader),
    readRedisConfig(reader),
    readMicrosoftConfig(reader),
    readSecurityConfig(reader),
    readMailConfig(reader),
    readSyncConfig(reader),
    readDirectRoutingConfig(reader),
  );
  if (reader.problems.length > 0) throw new ConfigError(reader.problems);
  return config;
}
