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
      // The route pattern, not the path or query: both can carry one-time tokens (invitations,
      // consent state). Unmatched requests log only that nothing matched.
      logger.pino.info(
        {
          correlationId,
          method: req.method,
          route: (req.route as { path?: string } | undefined)?.path ?? '(no route)',
          status: res.statusCode,
          durationMs: Math.round(durationMs),
        },
        'request',
      );
    });
    runWithContext({ correlationId, clientAddress: req.ip }, next);
  };
}
