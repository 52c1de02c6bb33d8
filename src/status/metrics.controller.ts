import { Controller, Get, Header, Headers } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Registry } from 'prom-client';
import { Access } from '../access/access.decorator';
import { DomainError } from '../common/errors/domain-error';
import { AppConfig } from '../config/config';
import { mayScrape, METRICS_TOKEN_NEEDED } from './metrics-access';

/** Prometheus metrics; behind METRICS_TOKEN when it is set. */
@ApiExcludeController()
@Access('public')
@Controller('metrics')
export class MetricsController {
  constructor(
    private readonly registry: Registry,
    private readonly config: AppConfig,
  ) {}

  @Get()
  @Header('content-type', 'text/plain; version=0.0.4; charset=utf-8')
  metrics(@Headers('authorization') authorization?: string): Promise<string> {
    if (!mayScrape(this.config.security.metricsToken, authorization))
      throw new DomainError('UNAUTHENTICATED', METRICS_TOKEN_NEEDED);
    return this.registry.metrics();
  }
}
