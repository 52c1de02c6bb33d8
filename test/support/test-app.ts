import { randomBytes } from 'node:crypto';
import { loadConfig, AppConfig } from '../../src/config/config';
import { AppLogger, createPinoLogger } from '../../src/common/logging/app-logger';

/** Configuration for an in-process app: its own database and its own queue prefix on the local Redis. */
export function testConfig(env: Record<string, string> = {}): AppConfig {
  return loadConfig({
    QUEUE_PREFIX: `tc-test-${randomBytes(4).toString('hex')}`,
    LOG_LEVEL: 'silent',
    ...env,
  });
}

export const silentLogger = () => new AppLogger(createPinoLogger('silent'));
