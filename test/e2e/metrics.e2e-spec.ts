import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ACTIVE, splitDeployment, SplitDeployment } from '../support/split-deployment';
import { isolatedDatabase, IsolatedDatabase } from '../support/test-database';
import { startTestSandbox, TestSandbox } from '../support/test-sandbox';

const TOKEN = 'scrape-token-for-the-metrics-test';

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** The Prometheus text format: each family's type, and every sample with its labels. */
function parse(text: string) {
  const types = new Map<string, string>();
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    const type = /^# TYPE (\S+) (\S+)$/.exec(line);
    if (type) types.set(type[1], type[2]);
    const sample = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!sample) continue;
    const labels: Record<string, string> = {};
    for (const [, key, value] of (sample[2] ?? '').matchAll(/(\w+)="([^"]*)"/g))
      labels[key] = value;
    samples.push({ name: sample[1], labels, value: Number(sample[3]) });
  }
  const value = (name: string, labels: Record<string, string> = {}) =>
    samples
      .filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))
      .reduce((sum, s) => sum + s.value, 0);
  return { types, samples, value };
}

const PROMETHEUS_DIR = join(__dirname, '..', '..', 'docker', 'prometheus');

/** What promtool says is wrong, or '' (metrics: the exposition format and Prometheus' naming). */
function promtoolProblems(args: string[], input = ''): string {
  const promtool = process.env.PROMTOOL_PATH ?? 'promtool';
  try {
    execFileSync(promtool, args, { input, cwd: PROMETHEUS_DIR, stdio: 'pipe' });
    return '';
  } catch (error) {
    const failure = error as { code?: string; stdout?: Buffer; stderr?: Buffer };
    if (failure.code === 'ENOENT')
      throw new Error('promtool is needed: apt-get install prometheus, or set PROMTOOL_PATH');
    return `${failure.stdout?.toString() ?? ''}${failure.stderr?.toString() ?? ''}`;
  }
}

describe('metrics of an API process and a worker process', () => {
  let sandbox: TestSandbox;
  let db: IsolatedDatabase;
  let deployment: SplitDeployment | undefined;
  /** Every metric family the two processes expose, from the first test's scrape. */
  let exposed = new Set<string>();

  beforeAll(async () => {
    [sandbox, db] = await Promise.all([startTestSandbox(), isolatedDatabase()]);
  });
  afterAll(async () => {
    await deployment?.close();
    await sandbox?.close();
    await db?.drop();
  });

  it('after a run, each names its series as documented, with their types, and promtool accepts both', async () => {
    const users = 12;
    deployment = await splitDeployment(sandbox, db, users, { env: { METRICS_TOKEN: TOKEN } });
    const d = deployment;
    const c = sandbox.client;
    await c.addFault({ path: 'assignNumber', status: 429, retryAfterSeconds: 1, times: 2 });
    await c.addNumberFault(d.microsoftTenantId, {
      telephoneNumber: d.number(3),
      mode: 'fail',
      statusDetail: 'PhoneNumberNotFound',
    });
    await d.startWorker();
    await d.startRun();
    const run = await d.waitUntil((r) => !ACTIVE.includes(r.state));
    expect(run).toMatchObject({ state: 'partially_failed', counts: { failed: 1 } });

    const worker = d.workers[0];
    expect((await fetch(worker.metricsUrl)).status).toBe(401);
    expect((await fetch(worker.metricsUrl.replace('/metrics', '/other'))).status).toBe(404);
    const workerText = await (
      await fetch(worker.metricsUrl, { headers: { authorization: `Bearer ${TOKEN}` } })
    ).text();
    const apiText = (
      await d.api.http().get('/metrics').set('authorization', `Bearer ${TOKEN}`).expect(200)
    ).text;
    const fromWorker = parse(workerText);
    const fromApi = parse(apiText);

    // The worker did the run: how long it took, what became of each user, what Graph answered.
    expect(fromWorker.types.get('teams_connector_sync_run_duration_seconds')).toBe('histogram');
    expect(
      fromWorker.value('teams_connector_sync_run_duration_seconds_count', {
        kind: 'full',
        result: 'partially_failed',
      }),
    ).toBe(1);
    expect(fromWorker.types.get('teams_connector_sync_user_outcomes_total')).toBe('counter');
    expect(fromWorker.value('teams_connector_sync_user_outcomes_total', { result: 'failed' })).toBe(
      1,
    );
    expect(fromWorker.value('teams_connector_sync_user_outcomes_total')).toBe(users);
    expect(fromWorker.types.get('teams_connector_graph_requests_total')).toBe('counter');
    expect(
      fromWorker.value('teams_connector_graph_requests_total', { status_class: '2xx' }),
    ).toBeGreaterThan(users);
    expect(
      fromWorker.value('teams_connector_graph_requests_total', { status_class: '4xx' }),
    ).toBeGreaterThanOrEqual(2);
    expect(fromWorker.types.get('teams_connector_graph_throttled_requests_total')).toBe('counter');
    expect(fromWorker.value('teams_connector_graph_throttled_requests_total')).toBe(2);
    expect(fromWorker.types.get('teams_connector_process_cpu_user_seconds_total')).toBe('counter');
    // State every process shares is reported once, by the API, not again by each worker.
    expect(fromWorker.types.has('teams_connector_tenants')).toBe(false);
    expect(fromWorker.types.has('teams_connector_queue_jobs')).toBe(false);

    // The API: its requests by route template, the queues, the tenants' health.
    expect(fromApi.types.get('teams_connector_http_request_duration_seconds')).toBe('histogram');
    expect(
      fromApi.value('teams_connector_http_request_duration_seconds_count', {
        method: 'POST',
        route: '/api/v1/tenants/:id/sync',
        status: '202',
      }),
    ).toBe(1);
    expect(fromApi.types.get('teams_connector_queue_jobs')).toBe('gauge');
    for (const queue of ['sync', 'email'])
      for (const state of ['waiting', 'active', 'delayed', 'failed'])
        expect(fromApi.samples).toContainEqual(
          expect.objectContaining({ name: 'teams_connector_queue_jobs', labels: { queue, state } }),
        );
    expect(fromApi.types.get('teams_connector_tenants')).toBe('gauge');
    expect(fromApi.value('teams_connector_tenants', { health: 'amber' })).toBe(1);
    expect(fromApi.value('teams_connector_tenants')).toBe(1);
    expect(fromApi.types.get('teams_connector_tenants_stale')).toBe('gauge');
    expect(fromApi.value('teams_connector_tenants_stale')).toBe(0);

    // No label that grows with the data: no tenant, run, user or address in any series.
    for (const { samples } of [fromApi, fromWorker])
      for (const sample of samples)
        expect(Object.keys(sample.labels).filter((l) => /tenant|run|user|id|url/i.test(l))).toEqual(
          [],
        );
    expect(fromApi.samples.filter((s) => /[0-9a-f]{8}-/.test(s.labels.route ?? ''))).toEqual([]);

    expect(promtoolProblems(['check', 'metrics'], apiText)).toBe('');
    expect(promtoolProblems(['check', 'metrics'], workerText)).toBe('');
    exposed = new Set([...fromApi.types.keys(), ...fromWorker.types.keys()]);
  }, 120_000);

  it('the alert rules pass their own tests, and they and the Grafana dashboard ask only for series the processes expose', () => {
    expect(promtoolProblems(['check', 'config', 'prometheus.yml'])).toBe('');
    expect(promtoolProblems(['test', 'rules', 'alerts.test.yml'])).toBe('');
    const asked = (text: string) =>
      new Set(
        [...text.matchAll(/teams_connector_[a-z0-9_]+/g)].map(([name]) =>
          name.replace(/_(bucket|count|sum)$/, ''),
        ),
      );
    const rules = readFileSync(join(PROMETHEUS_DIR, 'alerts.yml'), 'utf8');
    const dashboard = readFileSync(
      join(PROMETHEUS_DIR, '..', 'grafana', 'dashboards', 'teams-connector.json'),
      'utf8',
    );
    expect(asked(rules).size).toBeGreaterThan(5);
    expect(asked(dashboard).size).toBeGreaterThan(5);
    expect([...asked(rules), ...asked(dashboard)].filter((name) => !exposed.has(name))).toEqual([]);
  });
});
