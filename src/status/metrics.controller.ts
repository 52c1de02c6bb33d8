import { Controller, Get, Header, Headers } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { createHash, timingSafeEqual } from 'node:crypto';
import { Registry } from 'prom-client';
import { Access } from '../access/access.decorator';
import { DomainError } from '../common/errors/domain-error';
import { AppConfig } from '../config/config';

const digest = (text: string) => createHash('sha256').update(text).digest();

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
    const token = this.config.security.metricsToken;
    // Digests of equal length, so the comparison takes as long whatever was sent.
    if (token && !timingSafeEqual(digest(authorization ?? ''), digest(`Bearer ${token}`)))
      throw new DomainError(
        'UNAUTHENTICATED',
        'Metrics need Authorization: Bearer <METRICS_TOKEN>.',
      );
    return this.registry.metrics();
  }
}
