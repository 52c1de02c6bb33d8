import { loadConfig } from './config';
import { ConfigError } from './env-reader';

function problemsOf(env: NodeJS.ProcessEnv): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('loadConfig', () => {
  it('runs on embedded defaults: SQLite, local Redis, both roles, Microsoft public cloud', () => {
    const config = loadConfig({});
    expect(config.app).toMatchObject({
      role: 'all',
      port: 3000,
      publicUrl: 'http://localhost:3000',
    });
    expect(config.database).toEqual({ type: 'sqlite', path: 'data/teams-connector.sqlite' });
    expect(config.redis).toMatchObject({ url: 'redis://127.0.0.1:6379', queuePrefix: 'tc' });
    expect(config.microsoft).toMatchObject({
      authorityHost: 'https://login.microsoftonline.com',
      graphBaseUrl: 'https://graph.microsoft.com',
    });
  });

  it('selects PostgreSQL when DATABASE_URL is a postgres URL', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://app@db:5432/connector' }).database).toEqual({
      type: 'postgres',
      url: 'postgres://app@db:5432/connector',
    });
  });

  it.each([
    [{ PORT: 'abc' }, 'PORT must be an integer from 0 to 65535 (got "abc")'],
    [{ PORT: '70000' }, 'PORT must be an integer from 0 to 65535 (got "70000")'],
    [{ ROLE: 'both' }, 'ROLE must be one of all, api, worker (got "both")'],
    [
      { LOG_LEVEL: 'loud' },
      'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent (got "loud")',
    ],
    [
      { MICROSOFT_AUTHORITY_HOST: 'http://login.example' },
      'MICROSOFT_AUTHORITY_HOST must be a URL starting with https:// (got "http://login.example")',
    ],
    [
      { MICROSOFT_CLIENT_ID: 'not-a-guid' },
      'MICROSOFT_CLIENT_ID must be a GUID such as 00000000-0000-0000-0000-000000000000 (got "not-a-guid")',
    ],
    [{ WORKER_CONCURRENCY: '0' }, 'WORKER_CONCURRENCY must be an integer from 1 to 200 (got "0")'],
    [
      { SBC_BASE_DOMAIN: 'https://customers.pbx.example' },
      'SBC_BASE_DOMAIN must be a DNS domain name such as customers.pbx.example (got "https://customers.pbx.example")',
    ],
    [
      { SBC_SUBDOMAIN_TEMPLATE: 'sbc' },
      'SBC_SUBDOMAIN_TEMPLATE must be lowercase letters, digits and hyphens with {slug} (the tenant name) and/or {id} (its id), such as {slug}-{id} (got "sbc")',
    ],
  ])('names the bad variable %j', (env, problem) => {
    expect(problemsOf(env)).toEqual([problem]);
  });

  it('reads the SBC base domain in lowercase, the subdomain template and the DNS it uses', () => {
    expect(
      loadConfig({ SBC_BASE_DOMAIN: 'Customers.PBX.example', SBC_SUBDOMAIN_TEMPLATE: 't-{id}' })
        .directRouting,
    ).toMatchObject({
      sbcBaseDomain: 'customers.pbx.example',
      subdomainTemplate: 't-{id}',
      dns: 'manual',
      powerDns: undefined,
    });
    expect(loadConfig({}).directRouting).toMatchObject({
      sbcBaseDomain: undefined,
      subdomainTemplate: '{slug}-{id}',
      verifyDeadlineMinutes: 2880,
      activationHours: 24,
    });
    expect(
      loadConfig({
        SBC_BASE_DOMAIN: 'customers.pbx.example',
        SBC_DNS: 'powerdns',
        PDNS_API_URL: 'http://127.0.0.1:8081/',
        PDNS_API_KEY: 'k',
      }).directRouting.powerDns,
    ).toEqual({
      apiUrl: 'http://127.0.0.1:8081',
      apiKey: 'k',
      serverId: 'localhost',
      zone: 'customers.pbx.example',
    });
  });

  it('names what PowerDNS needs when SBC_DNS is powerdns, without repeating the key', () => {
    expect(problemsOf({ SBC_DNS: 'powerdns' })).toEqual([
      'PDNS_API_URL must be a URL such as http://127.0.0.1:8081, set when SBC_DNS is powerdns (it is not set)',
      'PDNS_API_KEY must be the API key of the PowerDNS server, set when SBC_DNS is powerdns (it is not set)',
      'SBC_BASE_DOMAIN must be the zone PowerDNS holds, set when SBC_DNS is powerdns (it is not set)',
    ]);
    expect(
      problemsOf({
        SBC_DNS: 'powerdns',
        PDNS_API_URL: 'ftp://x',
        PDNS_API_KEY: 'secret-key',
      }).join(),
    ).not.toContain('secret-key');
  });

  it('reports every bad variable at once', () => {
    const problems = problemsOf({
      PORT: 'x',
      ROLE: 'y',
      REDIS_URL: 'localhost:6379',
      DATABASE_URL: 'mysql://db/x',
    });
    expect(problems.map((p) => p.split(' ')[0])).toEqual([
      'ROLE',
      'PORT',
      'DATABASE_URL',
      'REDIS_URL',
    ]);
  });

  it('never repeats a value that may hold a password', () => {
    const problems = problemsOf({
      REDIS_URL: 'http://:hunter2@cache:6379',
      DATABASE_URL: 'mysql://app:s3cret@db/x',
    });
    expect(problems).toHaveLength(2);
    expect(problems.join('\n')).not.toMatch(/hunter2|s3cret/);
  });
});
