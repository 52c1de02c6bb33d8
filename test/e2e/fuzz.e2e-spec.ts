import fc from 'fast-check';
import Redis from 'ioredis';
import { DataSource } from 'typeorm';
import { describeApi } from '../../src/api-document';
import { ERROR_STATUS } from '../../src/common/errors/error-codes';
import { AppConfig } from '../../src/config/config';
import {
  OpenApiDocument,
  Operation,
  operationsOf,
  validValue,
  wrongQueryValue,
  wrongValue,
} from '../support/openapi-arbitraries';
import { invitationToken, PROVIDER_ADMIN, startHttpApp, TestHttpApp } from '../support/http-app';
import { startSmtpSink, SmtpSink } from '../support/smtp-sink';
import { isolatedDatabase, IsolatedDatabase } from '../support/test-database';
import { sandboxEnv, startTestSandbox, TestSandbox } from '../support/test-sandbox';

const SEED = Number(process.env.FUZZ_SEED ?? 20261201);
/** Per operation: valid-looking requests, and per kind of invalid input, as a provider admin. */
const VALID_RUNS = 3;
const INVALID_RUNS = 3;
const CODES = new Set(Object.keys(ERROR_STATUS));
const MEMBER = { email: 'mo@fuzz.example', password: 'mo-chooses-a-long-password' };

type Caller = 'provider' | 'member' | 'anonymous';
interface Sent {
  op: Operation;
  caller: Caller;
  url: string;
  body?: unknown;
  invalid: string | null;
}

/**
 * The service's own OpenAPI document drives generated requests, valid and invalid, to every
 * operation as each kind of caller: no 5xx, every error in the error shape with a catalogued code,
 * no invalid input accepted, and nothing changed by a refused request.
 */
describe('fuzzing every operation of the API document', () => {
  let sandbox: TestSandbox;
  let smtp: SmtpSink;
  let db: IsolatedDatabase;
  let t: TestHttpApp;
  const tokens: Partial<Record<Caller, string>> = {};
  const ids = { tenant: '', member: '' };

  beforeAll(async () => {
    [sandbox, smtp, db] = await Promise.all([
      startTestSandbox(),
      startSmtpSink(),
      isolatedDatabase(),
    ]);
    t = await startHttpApp({
      ...db.env,
      ...sandboxEnv(sandbox.origin),
      SMTP_URL: smtp.url,
      SBC_BASE_DOMAIN: 'customers.pbx.example',
    });
    tokens.provider = await t.login(PROVIDER_ADMIN.email, PROVIDER_ADMIN.password);
    await sandbox.client.createPbxAccount({
      id: 'acct-fuzz',
      clientId: 'fuzz',
      clientSecret: 'fuzz-secret',
    });
    ids.tenant = (
      await t
        .http()
        .post('/api/v1/tenants')
        .set('authorization', `Bearer ${tokens.provider}`)
        .send({
          name: 'Fuzz Ltd',
          connectorSeats: 10,
          pbx: {
            accountId: 'acct-fuzz',
            apiUrl: `${sandbox.origin}/pbx`,
            clientId: 'fuzz',
            clientSecret: 'fuzz-secret',
          },
          admin: { firstName: 'Ada', lastName: 'Admin', email: 'ada@fuzz.example' },
        })
        .expect(201)
    ).body.tenant.id;
    ids.member = (
      await t
        .http()
        .post(`/api/v1/tenants/${ids.tenant}/operators`)
        .set('authorization', `Bearer ${tokens.provider}`)
        .send({ firstName: 'Mo', lastName: 'Member', email: MEMBER.email, role: 'member' })
        .expect(201)
    ).body.operator.id;
    await smtp.next('ada@fuzz.example');
    const link = invitationToken((await smtp.next(MEMBER.email)).text ?? '');
    await t
      .http()
      .post(`/api/v1/invitations/${link}/accept`)
      .send({ password: MEMBER.password })
      .expect(200);
    tokens.member = await t.login(MEMBER.email, MEMBER.password);
  });
  afterAll(async () => {
    await t?.close();
    await Promise.all([sandbox?.close(), smtp?.close()]);
    await db?.drop();
  });

  /** What a refused request must leave as it was: every table's rows and the newest change. */
  async function stateDigest(): Promise<string> {
    const ds = t.app.get(DataSource);
    const counts = await Promise.all(
      ds.entityMetadatas.map(
        async (m) => `${m.tableName}:${await ds.getRepository(m.target).count()}`,
      ),
    );
    const tenants = await ds.query('SELECT id, updated_at FROM tenants ORDER BY id');
    const operators = await ds.query(
      'SELECT id, status, role, updated_at FROM operators ORDER BY id',
    );
    return JSON.stringify({ counts, tenants, operators });
  }

  /** Signs a caller in again when a request (a sign-out, a deactivation) ended its session. */
  async function keepSignedIn(caller: Caller): Promise<void> {
    if (caller === 'anonymous') return;
    const me = await t
      .http()
      .get('/api/v1/auth/me')
      .set('authorization', `Bearer ${tokens[caller]}`);
    if (me.status === 200) return;
    // Failed sign-ins of the fuzzing slowed this address: start its count afresh.
    const redis = t.app.get(Redis);
    const keys = await redis.keys(`${t.app.get(AppConfig).redis.queuePrefix}:attempts:*`);
    if (keys.length) await redis.del(...keys);
    const who = caller === 'provider' ? PROVIDER_ADMIN : MEMBER;
    const again = await t.http().post('/api/v1/auth/login').send(who);
    if (again.status === 200) tokens[caller] = again.body.accessToken;
  }

  function requestsFor(op: Operation, caller: Caller, seed: number): Sent[] {
    const known = (name: string) =>
      name === 'id'
        ? ids.tenant
        : name === 'operatorId'
          ? ids.member
          : '00000000-0000-4000-8000-000000000000';
    // Mostly the ids that exist, so that requests get past "not found" to the checks behind it.
    const pathValue = (name: string) =>
      fc.oneof(
        { weight: 4, arbitrary: fc.constant(known(name)) },
        { weight: 1, arbitrary: fc.uuid() },
        { weight: 1, arbitrary: fc.string({ maxLength: 40 }) },
      );
    const pathParams = op.parameters.filter((p) => p.in === 'path');
    const query = op.parameters.filter((p) => p.in === 'query');
    const urlOf = (path: Record<string, string>, q: [string, string | string[]][]) => {
      const base = op.path.replace(/\{(\w+)\}/g, (_, n: string) => encodeURIComponent(path[n]));
      const pairs = q.flatMap(([k, v]) =>
        (Array.isArray(v) ? v : [v]).map((x) => `${k}=${encodeURIComponent(x)}`),
      );
      return pairs.length ? `${base}?${pairs.join('&')}` : base;
    };
    const paths = fc.record(Object.fromEntries(pathParams.map((p) => [p.name, pathValue(p.name)])));
    const validQuery = fc.tuple(
      ...query.map((p) =>
        fc.option(
          validValue(p.schema ?? {}).map((v) => [p.name, String(v)] as [string, string]),
          { nil: null },
        ),
      ),
    );
    const valid = fc
      .tuple(paths, validQuery, op.body ? validValue(op.body) : fc.constant(undefined))
      .map(([p, q, body]): Sent => ({
        op,
        caller,
        url: urlOf(
          p as Record<string, string>,
          q.filter((x): x is [string, string] => x !== null),
        ),
        body,
        invalid: null,
      }));
    const invalids: fc.Arbitrary<Sent>[] = [];
    for (const p of query)
      invalids.push(
        fc.tuple(paths, wrongQueryValue(p.schema ?? {})).map(([path, v]) => ({
          op,
          caller,
          url: urlOf(path as Record<string, string>, [[p.name, v]]),
          body: undefined,
          invalid: `query ${p.name}=${JSON.stringify(v)}`,
        })),
      );
    if (op.body) {
      const body = op.body;
      const props = Object.entries(body.properties ?? {});
      invalids.push(
        fc
          .tuple(paths, validValue(body), fc.constantFrom(null, 'text', 42, [], [{}]))
          .map(([path, _b, whole]) => ({
            op,
            caller,
            url: urlOf(path as Record<string, string>, []),
            body: whole,
            invalid: `body ${JSON.stringify(whole)}`,
          })),
        fc.tuple(paths, validValue(body)).map(([path, b]) => ({
          op,
          caller,
          url: urlOf(path as Record<string, string>, []),
          body: { ...(b as object), zzUnknown: 1 },
          invalid: 'an unknown field',
        })),
      );
      for (const [name, schema] of props)
        invalids.push(
          fc.tuple(paths, validValue(body), wrongValue(schema)).map(([path, b, v]) => ({
            op,
            caller,
            url: urlOf(path as Record<string, string>, []),
            body: { ...(b as object), [name]: v },
            invalid: `${name}=${JSON.stringify(v).slice(0, 60)}`,
          })),
        );
      for (const name of body.required ?? [])
        invalids.push(
          fc.tuple(paths, validValue(body)).map(([path, b]) => {
            const without = { ...(b as Record<string, unknown>) };
            delete without[name];
            return {
              op,
              caller,
              url: urlOf(path as Record<string, string>, []),
              body: without,
              invalid: `without ${name}`,
            };
          }),
        );
    }
    // The provider admin gets past access checks everywhere: each kind of invalid input is tried
    // on them; the others get a few of any kind.
    const wrong =
      caller === 'provider'
        ? invalids.flatMap((arb, k) =>
            fc.sample(arb, { seed: seed + k + 1, numRuns: INVALID_RUNS }),
          )
        : invalids.length
          ? fc.sample(fc.oneof(...invalids), { seed: seed + 1, numRuns: 2 })
          : [];
    return [
      ...fc.sample(valid, { seed, numRuns: caller === 'provider' ? VALID_RUNS : 1 }),
      ...wrong,
    ];
  }

  async function send(s: Sent) {
    let req = t.http()[s.op.method.toLowerCase() as 'get'](s.url).set('accept', 'application/json');
    if (s.caller !== 'anonymous') req = req.set('authorization', `Bearer ${tokens[s.caller]}`);
    if (s.op.multipart)
      return req.attach('file', Buffer.from('PBX user id,Teams user\np1,x\n'), 'fuzz.csv');
    return s.body === undefined
      ? req
      : req.set('content-type', 'application/json').send(JSON.stringify(s.body));
  }

  it('answers every generated request without a 5xx, in the error shape, refusing invalid input and changing nothing when it refuses', async () => {
    const doc = describeApi(t.app) as unknown as OpenApiDocument;
    const operations = operationsOf(doc);
    const problems: string[] = [];
    const tally = { requests: 0, invalid: 0, refused: 0, accepted: 0 };
    for (const [i, op] of operations.entries())
      for (const caller of ['provider', 'member', 'anonymous'] as const)
        for (const s of requestsFor(op, caller, SEED + i * 7 + caller.length)) {
          const changes = s.op.method !== 'GET';
          const before = changes ? await stateDigest() : '';
          const res = await send(s);
          tally.requests++;
          if (s.invalid) tally.invalid++;
          const where = `${s.caller} ${s.op.method} ${s.url.slice(0, 120)}${s.invalid ? ` (${s.invalid})` : ''}`;
          if (res.status >= 500) problems.push(`${where}: ${res.status} ${res.text.slice(0, 200)}`);
          if (res.status >= 400) {
            tally.refused++;
            const code = res.body?.error?.code;
            if (!/^application\/json/.test(res.headers['content-type'] ?? '') || !CODES.has(code))
              problems.push(
                `${where}: ${res.status} not in the error shape: ${res.text.slice(0, 200)}`,
              );
            if (changes && (await stateDigest()) !== before)
              problems.push(`${where}: refused, yet changed the data`);
          } else {
            tally.accepted++;
            if (s.invalid) problems.push(`${where}: invalid input accepted with ${res.status}`);
          }
          // Only a change can end a session (a sign-out, a deactivation); a 401 shows one ended.
          if (changes || res.status === 401) await keepSignedIn(s.caller);
        }
    process.stdout.write(
      `fuzz: seed ${SEED}, ${operations.length} operations, ${tally.requests} requests (${tally.invalid} invalid), ${tally.refused} refused, ${tally.accepted} accepted\n`,
    );
    expect(problems).toEqual([]);
    expect(operations.length).toBeGreaterThan(40);
  }, 110_000);
});
