import type { INestApplication } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { Histogram, Registry } from 'prom-client';

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/**
 * How long each request took, by method, route template (`/api/v1/tenants/:id`, never the
 * address as sent, so the labels stay bounded) and status. A request no route took (the dashboard's
 * files, an unknown address) counts as route `none`.
 */
export function measureHttpRequests(app: INestApplication, registry: Registry): void {
  const duration = new Histogram({
    name: 'teams_connector_http_request_duration_seconds',
    help: 'HTTP requests from arrival to the last byte of the answer, by method, route and status.',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });
  app.use((req: Request, res: Response, next: NextFunction) => {
    const stop = duration.startTimer();
    res.once('finish', () => {
      const route = (req.route as { path?: unknown } | undefined)?.path;
      stop({
        method: METHODS.has(req.method) ? req.method : 'other',
        route: typeof route === 'string' ? `${req.baseUrl}${route}` : 'none',
        status: String(res.statusCode),
      });
    });
    next();
  });
}
