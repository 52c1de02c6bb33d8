import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { page, PAGE_CSP } from '../common/text/html-page';

/** Paths the service answers itself; every other page address belongs to the dashboard. */
const SERVICE_PATHS = /^\/(api|health|metrics|invitations|password-reset)(\/|$)/;

/**
 * The dashboard (built by `npm run build` into `dir`) at `/`, from the same origin as the API: its
 * files, and its index page for any page address it routes itself (/fleet, /tenants/…).
 */
export function serveDashboard(app: NestExpressApplication, dir: string): void {
  const root = resolve(dir);
  const index = join(root, 'index.html');
  app.useStaticAssets(root, { index: false, maxAge: '1h', immutable: false });
  app.use((req: Request, res: Response, next: NextFunction) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || SERVICE_PATHS.test(req.path))
      return next();
    if (!req.accepts('html')) return next();
    res.setHeader('cache-control', 'no-cache');
    if (existsSync(index)) return res.sendFile(index);
    res
      .status(503)
      .setHeader('content-security-policy', PAGE_CSP)
      .type('html')
      .send(
        page(
          'Dashboard not built',
          '<h1>The dashboard is not built</h1><p>Run <code>npm run build</code>, then start the service again. The API works meanwhile, under <a href="/api/docs">/api/docs</a>.</p>',
        ),
      );
  });
}
