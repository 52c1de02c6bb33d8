import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { AppLogger } from './app-logger';
import { runWithContext } from './request-context';

const HEADER = 'x-correlation-id';

/** Gives each request a correlation id (kept from the caller when sane) and logs one line for it. */
export function correlationMiddleware(logger: AppLogger) {
  return (req: Request, res: Response, next: NextFunction) => {
    const given = req.header(HEADER);
    const correlationId = given && /^[\w.-]{1,100}$/.test(given) ? given : randomUUID();
    res.setHeader(HEADER, correlationId);
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const durationMs = Number(process.hrtime.bigint() - started) / 1e6;
      // The path only: query strings can carry consent state and one-time codes.
      logger.pino.info(
        {
          correlationId,
          method: req.method,
          path: req.path,
          status: res.statusCode,
          durationMs: Math.round(durationMs),
        },
        'request',
      );
    });
    runWithContext({ correlationId }, next);
  };
}
