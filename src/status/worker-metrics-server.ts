import { Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { Registry } from 'prom-client';
import { AppLogger } from '../common/logging/app-logger';
import { AppConfig } from '../config/config';
import { ConfigError } from '../config/env-reader';
import { mayScrape, METRICS_TOKEN_NEEDED } from './metrics-access';

const PROMETHEUS_TEXT = 'text/plain; version=0.0.4; charset=utf-8';

/**
 * A worker (`ROLE=worker`) has no HTTP API, so it serves `/metrics` alone on METRICS_PORT, under the
 * same METRICS_TOKEN as the API's.
 */
@Injectable()
export class WorkerMetricsServer implements OnApplicationBootstrap, OnApplicationShutdown {
  private server?: Server;

  constructor(
    private readonly registry: Registry,
    private readonly config: AppConfig,
    private readonly logger: AppLogger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.app.role !== 'worker') return;
    const { host, metricsPort } = this.config.app;
    const server = createServer((req, res) => void this.answer(req, res));
    await new Promise<void>((resolve, reject) => {
      server.once('error', (error: NodeJS.ErrnoException) =>
        reject(
          new ConfigError([
            `METRICS_PORT ${metricsPort} on ${host} cannot be listened on (${error.code ?? error.message}): choose another port`,
          ]),
        ),
      );
      server.listen(metricsPort, host, resolve);
    });
    this.server = server;
    const { port } = server.address() as { port: number };
    this.logger.info({ url: `http://${host}:${port}/metrics` }, 'worker metrics listening');
  }

  async onApplicationShutdown(): Promise<void> {
    const server = this.server;
    if (server) await new Promise((resolve) => server.close(resolve));
  }

  private async answer(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://worker').pathname;
    if (path !== '/metrics' || (req.method !== 'GET' && req.method !== 'HEAD'))
      return this.send(
        res,
        404,
        'application/json',
        error('ROUTE_NOT_FOUND', 'Only GET /metrics is served here.'),
      );
    if (!mayScrape(this.config.security.metricsToken, req.headers.authorization))
      return this.send(
        res,
        401,
        'application/json',
        error('UNAUTHENTICATED', METRICS_TOKEN_NEEDED),
      );
    try {
      this.send(res, 200, PROMETHEUS_TEXT, await this.registry.metrics());
    } catch (failure) {
      this.logger.warn({ err: (failure as Error).message }, 'metrics not collected');
      this.send(
        res,
        503,
        'application/json',
        error('SERVICE_UNAVAILABLE', 'Metrics could not be collected.'),
      );
    }
  }

  private send(res: ServerResponse, status: number, type: string, body: string): void {
    res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' }).end(body);
  }
}

const error = (code: string, message: string) => JSON.stringify({ error: { code, message } });
