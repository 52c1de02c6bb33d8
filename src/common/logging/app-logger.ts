import { LoggerService } from '@nestjs/common';
import pino, { Logger } from 'pino';
import { serializeError } from './error-serializer';
import { currentContext } from './request-context';

/** Keys whose values never reach a log line, at any depth pino can address. */
export const REDACTED_KEYS = [
  'password',
  'newPassword',
  'accessToken',
  'access_token',
  'refreshToken',
  'token',
  'clientSecret',
  'client_secret',
  'secret',
  'authorization',
  'cookie',
  'encryptionKey',
  'privateKey',
  'deltaLink',
];

export function createPinoLogger(level: string, destination?: pino.DestinationStream): Logger {
  const paths = REDACTED_KEYS.flatMap((key) => [key, `*.${key}`, `*.*.${key}`]);
  return pino(
    {
      level,
      base: undefined,
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths, censor: '[redacted]' },
      serializers: { err: serializeError, error: serializeError },
      mixin: () => ({ ...(currentContext() ?? {}) }),
      formatters: { level: (label) => ({ level: label }) },
    },
    destination,
  );
}

/** Structured JSON logs for the app and for Nest itself, with the request or job context mixed in. */
export class AppLogger implements LoggerService {
  constructor(readonly pino: Logger) {}

  info(obj: object, msg?: string): void {
    this.pino.info(obj, msg);
  }

  warn(obj: object, msg?: string): void {
    this.pino.warn(obj, msg);
  }

  error(obj: object | string, msg?: string): void {
    if (typeof obj === 'string') this.pino.error({ context: msg }, obj);
    else this.pino.error(obj, msg);
  }

  // Nest's LoggerService calls: (message, context?)
  log(message: unknown, context?: string): void {
    this.pino.info({ context }, String(message));
  }

  debug(message: unknown, context?: string): void {
    this.pino.debug({ context }, String(message));
  }

  verbose(message: unknown, context?: string): void {
    this.pino.trace({ context }, String(message));
  }

  fatal(message: unknown, context?: string): void {
    this.pino.fatal({ context }, String(message));
  }
}
