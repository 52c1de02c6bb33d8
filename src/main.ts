import 'reflect-metadata';
import { createHttpApp, createWorkerContext } from './bootstrap';
import { AppConfig, loadConfig } from './config/config';
import { ConfigError } from './config/env-reader';
import { AppLogger, createPinoLogger } from './common/logging/app-logger';
import { preflight } from './preflight';

function readConfigOrExit(): AppConfig {
  try {
    return loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
}

async function main(): Promise<void> {
  const config = readConfigOrExit();
  const logger = new AppLogger(createPinoLogger(config.app.logLevel));
  const problems = await preflight(config);
  if (problems.length > 0) {
    for (const problem of problems) process.stderr.write(`${problem}\n`);
    logger.pino.fatal({ problems }, 'cannot start: a dependency is unreachable');
    process.exit(1);
  }
  // If shutdown hangs (a stuck job, a dead connection), leave anyway after the timeout.
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () =>
      setTimeout(() => process.exit(1), config.app.shutdownTimeoutMs).unref(),
    );
  }
  if (config.app.role === 'worker') {
    await createWorkerContext({ config, logger });
    logger.info({ role: config.app.role }, 'worker ready');
    return;
  }
  const app = await createHttpApp({ config, logger });
  await app.listen(config.app.port, config.app.host);
  logger.info(
    {
      role: config.app.role,
      url: `http://${config.app.host}:${config.app.port}`,
      docs: `${config.app.publicUrl}/api/docs`,
    },
    'Teams Connector listening',
  );
}

main().catch((error: Error) => {
  process.stderr.write(`Teams Connector failed to start: ${error.stack ?? error.message}\n`);
  process.exit(1);
});
