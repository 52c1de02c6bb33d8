import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';

/** The dashboard's policy: its own scripts, styles and API only; nobody may frame it. */
const APP_CSP = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  fontSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'none'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
};

/** Swagger UI writes inline styles; it runs no inline script. */
const DOCS_CSP = { ...APP_CSP, styleSrc: ["'self'", "'unsafe-inline'"] };

/**
 * Security headers on every answer: a content security policy (server-rendered pages set their
 * own, see `PAGE_CSP`), nosniff, no referrer, no framing, HSTS when served over HTTPS, and no
 * `X-Powered-By`. API answers are never stored by a cache: they carry tenants' data and tokens.
 */
export function securityHeaders(app: NestExpressApplication, https: boolean): void {
  const options = (directives: typeof APP_CSP) =>
    helmet({
      contentSecurityPolicy: { useDefaults: false, directives },
      strictTransportSecurity: https ? { maxAge: 365 * 24 * 3600 } : false,
      referrerPolicy: { policy: 'no-referrer' },
      crossOriginEmbedderPolicy: false,
    });
  const appHeaders = options(APP_CSP);
  const docsHeaders = options(DOCS_CSP);
  app.disable('x-powered-by');
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (req.path.startsWith('/api/') && !req.path.startsWith('/api/docs'))
      res.setHeader('cache-control', 'no-store');
    (req.path.startsWith('/api/docs') ? docsHeaders : appHeaders)(req, res, next);
  });
}
