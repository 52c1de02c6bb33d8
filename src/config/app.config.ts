import { EnvReader } from './env-reader';

export const ROLES = ['all', 'api', 'worker'] as const;
export type ProcessRole = (typeof ROLES)[number];
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

export function readAppConfig(env: EnvReader) {
  return {
    /** `all` runs the API and the workers in one process; `api` and `worker` split them. */
    role: env.oneOf('ROLE', ROLES, 'all'),
    host: env.string('HOST', '127.0.0.1'),
    port: env.int('PORT', 3000, 0, 65535),
    /** Where browsers reach the service; the consent redirect URI is built from it. */
    publicUrl: env.url('PUBLIC_URL', 'http://localhost:3000', ['http:', 'https:']),
    /** Which proxies' X-Forwarded-For to believe (Express' `trust proxy`: a hop count, `loopback`, addresses). */
    trustProxy: env.optional('TRUST_PROXY'),
    /** The built dashboard, served at `/` (`npm run build` makes it). */
    webDir: env.string('WEB_DIR', 'dist/web'),
    /** `off` serves no API documentation at /api/docs (the dashboard is built from its own copy). */
    apiDocs: env.oneOf('API_DOCS', ['public', 'off'] as const, 'public'),
    logLevel: env.oneOf('LOG_LEVEL', LOG_LEVELS, 'info'),
    /** With `ROLE=worker`, where Prometheus scrapes `/metrics` (the API serves it on PORT). */
    metricsPort: env.int('METRICS_PORT', 9464, 0, 65535),
    shutdownTimeoutMs: env.int('SHUTDOWN_TIMEOUT_MS', 10_000, 0, 600_000),
  };
}

export type AppSettings = ReturnType<typeof readAppConfig>;
