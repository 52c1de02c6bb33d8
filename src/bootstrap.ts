import { INestApplication, INestApplicationContext, ValidationPipe } from '@nestjs/common';
import { NestFactory, Reflector } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { SwaggerModule } from '@nestjs/swagger';
import { Registry } from 'prom-client';
import { describeApi } from './api-document';
import { AppModule, AppModuleOptions } from './app.module';
import { limitHeapGrowth } from './common/heap-growth';
import { measureHttpRequests } from './common/metrics/http-metrics';
import { validationFailed } from './common/errors/field-problems';
import { GlobalExceptionFilter } from './common/errors/global-exception.filter';
import { correlationMiddleware } from './common/logging/correlation.middleware';
import { parseJsonBodies } from './common/http/json-bodies';
import { MediaTypeInterceptor } from './common/http/media-type.interceptor';
import { securityHeaders } from './common/http/security-headers';
import { serveDashboard } from './web/dashboard';

/** The HTTP app (role `api` or `all`): middleware, validation, errors, OpenAPI at /api/docs. */
export async function createHttpApp(options: AppModuleOptions): Promise<INestApplication> {
  limitHeapGrowth();
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(options), {
    logger: options.logger,
    abortOnError: false,
    bodyParser: false,
  });
  const { trustProxy } = options.config.app;
  // The client address counts failed sign-ins; behind a proxy, only the proxy knows it.
  if (trustProxy)
    app.set('trust proxy', /^\d+$/.test(trustProxy) ? Number(trustProxy) : trustProxy);
  app.use(correlationMiddleware(options.logger));
  measureHttpRequests(app, app.get(Registry));
  securityHeaders(app, options.config.app.publicUrl.startsWith('https:'));
  parseJsonBodies(app);
  serveDashboard(app, options.config.app.webDir);
  app.useGlobalPipes(
    new ValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      exceptionFactory: validationFailed,
    }),
  );
  app.useGlobalInterceptors(new MediaTypeInterceptor(app.get(Reflector)));
  app.useGlobalFilters(new GlobalExceptionFilter(options.logger));
  if (options.config.app.apiDocs === 'public')
    SwaggerModule.setup('api/docs', app, describeApi(app), {
      jsonDocumentUrl: 'api/docs/openapi.json',
    });
  return app;
}

/** The worker process (role `worker`): the same modules, no HTTP listener. */
export async function createWorkerContext(
  options: AppModuleOptions,
): Promise<INestApplicationContext> {
  limitHeapGrowth();
  return NestFactory.createApplicationContext(AppModule.forRoot(options), {
    logger: options.logger,
    abortOnError: false,
  });
}
