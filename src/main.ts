import 'reflect-metadata';
import { INestApplicationContext } from '@nestjs/common';
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

/** SIGTERM/SIGINT: let running jobs finish, close connections, exit 0; exit 1 if that hangs. */
function stopOnSignals(app: INestApplicationContext, logger: AppLogger, timeoutMs: number): void {
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    // Ctrl+C in a terminal and a supervisor's SIGTERM may both come: one shutdown.
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    setTimeout(() => {
      logger.pino.error({ timeoutMs }, 'shutdown timed out');
      process.exit(1);
    }, timeoutMs).unref();
    app.close().then(
      () => {
        logger.info({}, 'stopped');
        process.exit(0);
      },
      (error: Error) => {
        logger.pino.error({ err: error.message }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
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
  if (config.app.role === 'worker') {
    const context = await createWorkerContext({ config, logger });
    stopOnSignals(context, logger, config.app.shutdownTimeoutMs);
    logger.info({ role: config.app.role }, 'worker ready');
    return;
  }
  const app = await createHttpApp({ config, logger });
  stopOnSignals(app, logger, config.app.shutdownTimeoutMs);
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
  // A configuration problem is said in words; anything else with its stack.
  const said = error instanceof ConfigError ? error.message : (error.stack ?? error.message);
  process.stderr.write(`Teams Connector failed to start: ${said}\n`);
  process.exit(1);
});
