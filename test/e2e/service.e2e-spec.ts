import { isolatedDatabase, IsolatedDatabase } from '../support/test-database';
import {
  freePort,
  ServiceProcess,
  startRedis,
  startService,
  waitFor,
} from '../support/service-process';

const SECRET = 'client-secret-that-must-never-be-logged-7c1d';

describe('the service as a process', () => {
  let db: IsolatedDatabase;
  let service: ServiceProcess | undefined;

  beforeEach(async () => {
    db = await isolatedDatabase();
  });
  afterEach(async () => {
    await service?.stop('SIGKILL');
    service = undefined;
    await db.drop();
  });

  it('starts, runs its migrations, and answers health, readiness, metrics and the OpenAPI document', async () => {
    service = await startService({
      ...db.env,
      MICROSOFT_CLIENT_SECRET: SECRET,
    });
    expect(await waitFor(service)).toBe(true);

    expect(await (await fetch(`${service.url}/health/live`)).json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${service.url}/health/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({
      status: 'ok',
      checks: { database: { status: 'up' }, redis: { status: 'up' } },
    });

    const metrics = await (await fetch(`${service.url}/metrics`)).text();
    expect(metrics).toMatch(/^teams_connector_process_cpu_user_seconds_total \d/m);
    expect(metrics).toMatch(/^teams_connector_nodejs_heap_size_used_bytes \d/m);

    expect((await fetch(`${service.url}/api/docs`)).headers.get('content-type')).toMatch(
      /text\/html/,
    );
    const openapi = (await (await fetch(`${service.url}/api/docs/openapi.json`)).json()) as {
      openapi: string;
      paths: Record<string, unknown>;
    };
    expect(openapi.openapi).toMatch(/^3\./);
    expect(Object.keys(openapi.paths)).toEqual(
      expect.arrayContaining(['/health/live', '/health/ready']),
    );

    const missing = await fetch(`${service.url}/api/v1/nothing-here`, {
      headers: { 'x-correlation-id': 'trace-42' },
    });
    expect(missing.status).toBe(404);
    expect(missing.headers.get('x-correlation-id')).toBe('trace-42');
    expect(await missing.json()).toEqual({
      error: {
        code: 'ROUTE_NOT_FOUND',
        message: 'Cannot GET /api/v1/nothing-here',
        correlationId: 'trace-42',
      },
    });

    expect(await service.stop('SIGTERM')).toBe(0);
    expect(service.output()).toContain('"msg":"stopped"');
    expect(service.output()).toContain('"correlationId":"trace-42"');
    expect(service.output()).not.toContain(SECRET);
  });

  it('answers 503 on /health/ready, naming Redis, and on a route that needs it, when Redis goes away', async () => {
    const redis = await startRedis();
    service = await startService({ ...db.env, REDIS_URL: redis.url });
    expect(await waitFor(service, '/health/ready')).toBe(true);
    expect((await fetch(`${service.url}/health/ready`)).status).toBe(200);

    await redis.stop();
    const res = await fetch(`${service.url}/health/ready`);
    const body = (await res.json()) as {
      status: string;
      message: string;
      down: string[];
      checks: { database: { status: string } };
    };
    expect(res.status).toBe(503);
    expect(body).toMatchObject({
      status: 'unavailable',
      message: 'Not ready: redis is down.',
      down: ['redis'],
      checks: { database: { status: 'up' } },
    });
    // A route that needs Redis says so, as a 503 in the error shape, not a 500.
    const signIn = await fetch(`${service.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'ada@example.com', password: 'not the password' }),
    });
    expect(signIn.status).toBe(503);
    expect(((await signIn.json()) as { error: { code: string } }).error.code).toBe(
      'SERVICE_UNAVAILABLE',
    );
  });

  it('refuses to start, saying where and what to run, when Redis cannot be reached', async () => {
    const closedPort = await freePort();
    service = await startService({
      ...db.env,
      REDIS_URL: `redis://:pw-not-shown@127.0.0.1:${closedPort}`,
    });
    expect(await service.exited).toBe(1);
    expect(service.output()).toContain(
      `Cannot reach Redis at redis://:***@127.0.0.1:${closedPort}`,
    );
    expect(service.output()).toContain('redis-server --daemonize yes');
    expect(service.output()).not.toContain('pw-not-shown');
  });

  it('refuses to start, saying where and what to run, when PostgreSQL cannot be reached', async () => {
    const closedPort = await freePort();
    service = await startService({
      DATABASE_URL: `postgres://app:pw-not-shown@127.0.0.1:${closedPort}/connector`,
    });
    expect(await service.exited).toBe(1);
    expect(service.output()).toContain(
      `Cannot reach PostgreSQL at postgres://app:***@127.0.0.1:${closedPort}/connector`,
    );
    expect(service.output()).toContain('pg_ctlcluster');
    expect(service.output()).not.toContain('pw-not-shown');
  });

  it('refuses to start on bad configuration, naming every bad variable', async () => {
    service = await startService({
      ...db.env,
      PORT: 'eighty',
      ROLE: 'both',
      MICROSOFT_GRAPH_BASE_URL: 'ftp://graph',
    });
    expect(await service.exited).toBe(1);
    const output = service.output();
    expect(output).toContain('Invalid configuration:');
    expect(output).toContain('ROLE must be one of all, api, worker (got "both")');
    expect(output).toContain('PORT must be an integer from 0 to 65535 (got "eighty")');
    expect(output).toContain('MICROSOFT_GRAPH_BASE_URL must be a URL starting with https://');
  });

  it('runs as an API process and a worker process side by side, and the worker stops cleanly', async () => {
    const api = await startService({ ...db.env, ROLE: 'api' });
    const worker = await startService({ ...db.env, ROLE: 'worker' });
    try {
      expect(await waitFor(api, '/health/ready')).toBe(true);
      await expect(fetch(`${worker.url}/health/live`)).rejects.toThrow();
      const deadline = Date.now() + 20_000;
      while (!worker.output().includes('worker ready') && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 100));
      expect(worker.output()).toContain('"role":"worker"');
      expect(await worker.stop('SIGTERM')).toBe(0);
    } finally {
      await api.stop('SIGKILL');
      await worker.stop('SIGKILL');
    }
  });

  it('refuses to start on a queue prefix that another deployment (another database) holds', async () => {
    const shared = { QUEUE_PREFIX: `tc-shared-${process.pid}` };
    const other = await isolatedDatabase();
    const first = await startService({ ...db.env, ...shared });
    try {
      expect(await waitFor(first, '/health/ready')).toBe(true);
      const intruder = await startService({ ...other.env, ...shared, ROLE: 'worker' });
      expect(await intruder.exited).toBe(1);
      expect(intruder.output()).toContain(
        `with queue prefix "${shared.QUEUE_PREFIX}" is in use by another deployment of Teams Connector`,
      );
      expect(intruder.output()).toContain('give this one its own QUEUE_PREFIX');
      expect(intruder.output()).not.toContain('    at ');
      // Another process of the same deployment shares the prefix.
      const sibling = await startService({ ...db.env, ...shared, ROLE: 'worker' });
      const deadline = Date.now() + 20_000;
      while (!sibling.output().includes('worker ready') && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 100));
      expect(sibling.output()).toContain('worker ready');
      await sibling.stop('SIGKILL');
    } finally {
      await first.stop('SIGKILL');
      await other.drop();
    }
  });
});
