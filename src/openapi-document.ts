import 'reflect-metadata';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module';
import { describeApi } from './api-document';
import { AppLogger, createPinoLogger } from './common/logging/app-logger';
import { loadConfig } from './config/config';

/**
 * Writes the API's OpenAPI document to the file named on the command line, without starting the
 * service: Nest's preview mode reads the routes and never connects to a database or Redis. The
 * dashboard's build generates its API types from this file.
 */
async function main(): Promise<void> {
  const out = process.argv[2];
  if (!out) throw new Error('usage: node dist/src/openapi-document.js <file.json>');
  const app = await NestFactory.create(
    AppModule.forRoot({
      config: loadConfig({}),
      logger: new AppLogger(createPinoLogger('silent')),
    }),
    { preview: true, logger: false, abortOnError: false },
  );
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(describeApi(app), null, 2)}\n`);
  await app.close();
}

void main();
