import { Client, GraphError, PageIterator } from '@microsoft/microsoft-graph-client';
import {
  appToken,
  consentedTenant,
  graphClientFor,
  numberedUsers,
  startTestSandbox,
  TEST_APP,
  TestSandbox,
} from '../../support/test-sandbox';

describe('sandbox Graph users, through the real graph-client', () => {
  let env: TestSandbox;
  let tenantId: string;
  let graph: Client;

  beforeEach(async () => {
    env = await startTestSandbox();
    tenantId = await consentedTenant(env.client);
    graph = graphClientFor(env.origin, tenantId);
  });
  afterEach(() => env.close());

  it('pages through 2,500 users with absolute https nextLinks and no empty last page', async () => {
    await env.client.addUsers(tenantId, numberedUsers(2500, 'fabrikam.example'));
    const seen: string[] = [];
    const first = await graph
      .api('/users')
      .select(['id', 'userPrincipalName', 'mail'])
      .top(999)
      .get();
    expect(first['@odata.nextLink']).toMatch(
      new RegExp(`^${env.origin}/v1\\.0/users\\?.*\\$skiptoken=`),
    );
    await new PageIterator(graph, first, (user: { id: string; userPrincipalName: string }) => {
      seen.push(user.userPrincipalName);
      return true;
    }).iterate();

    expect(seen).toHaveLength(2500);
    expect(new Set(seen).size).toBe(2500);
    const pages = await env.client.requests({ path: '^/v1\\.0/users$' });
    expect(pages.map((p) => p.status)).toEqual([200, 200, 200]);
  });

  it('retries a 429 after its Retry-After and then succeeds', async () => {
    await env.client.addUsers(tenantId, numberedUsers(3, 'fabrikam.example'));
    await env.client.addFault({
      method: 'GET',
      path: '^/v1\\.0/users$',
      status: 429,
      retryAfterSeconds: 1,
      times: 1,
    });
    const started = Date.now();

    const page = await graph.api('/users').get();

    expect(page.value).toHaveLength(3);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    const calls = await env.client.requests({ path: '^/v1\\.0/users$' });
    expect(calls.map((c) => [c.status, c.retryAttempt])).toEqual([
      [429, undefined],
      [200, '1'],
    ]);
  });

  it('projects $select (always with id), rejects unknown properties and a $top above 999', async () => {
    await env.client.addUsers(tenantId, [
      {
        userPrincipalName: 'ada@fabrikam.example',
        mail: 'ada@fabrikam.example',
        proxyAddresses: ['SMTP:ada@fabrikam.example', 'smtp:a.lovelace@fabrikam.example'],
        accountEnabled: false,
      },
    ]);
    const page = await graph
      .api('/users')
      .select(['mail', 'proxyAddresses', 'accountEnabled'])
      .get();
    expect(page.value).toEqual([
      {
        id: expect.any(String),
        mail: 'ada@fabrikam.example',
        proxyAddresses: ['SMTP:ada@fabrikam.example', 'smtp:a.lovelace@fabrikam.example'],
        accountEnabled: false,
      },
    ]);

    await expect(graph.api('/users').select(['favouriteColour']).get()).rejects.toMatchObject({
      statusCode: 400,
      code: 'Request_BadRequest',
    });
    await expect(graph.api('/users').top(1000).get()).rejects.toMatchObject({
      statusCode: 400,
      message: expect.stringContaining('between 1 and 999'),
    });
  });

  it('counts users only with ConsistencyLevel: eventual', async () => {
    await env.client.addUsers(tenantId, numberedUsers(7, 'fabrikam.example'));
    await expect(graph.api('/users/$count').get()).rejects.toMatchObject({ statusCode: 400 });
    const count = await graph.api('/users/$count').header('ConsistencyLevel', 'eventual').get();
    expect(Number(count)).toBe(7);
    const withCount = await graph
      .api('/users')
      .header('ConsistencyLevel', 'eventual')
      .count(true)
      .top(2)
      .get();
    expect(withCount['@odata.count']).toBe(7);
    expect(withCount.value).toHaveLength(2);
  });

  it('answers 401 InvalidAuthenticationToken in the Graph envelope when the token is missing', async () => {
    const res = await fetch(`${env.origin}/v1.0/users`, {
      headers: { 'client-request-id': 'abc-123' },
    });
    const body = (await res.json()) as {
      error: { code: string; innerError: Record<string, string> };
    };
    expect(res.status).toBe(401);
    expect(body.error.code).toBe('InvalidAuthenticationToken');
    expect(body.error.innerError['request-id']).toBe(res.headers.get('request-id'));
    expect(body.error.innerError['client-request-id']).toBe('abc-123');
  });

  it('answers 403 Authorization_RequestDenied when the token lacks the app role', async () => {
    const limited = await consentedTenant(env.client, {
      domain: 'limited.example',
      roles: ['Organization.Read.All'],
    });
    const client = graphClientFor(env.origin, limited);
    await expect(client.api('/organization').get()).resolves.toMatchObject({
      value: [expect.objectContaining({ id: limited })],
    });
    const error = (await client
      .api('/users')
      .get()
      .catch((e: unknown) => e)) as GraphError;
    expect(error.statusCode).toBe(403);
    expect(error.code).toBe('Authorization_RequestDenied');
  });

  it('stops honouring tokens once consent is revoked', async () => {
    const token = await appToken(env.origin, tenantId);
    const call = () =>
      fetch(`${env.origin}/v1.0/organization`, { headers: { authorization: `Bearer ${token}` } });
    expect((await call()).status).toBe(200);
    await env.client.revokeConsent(tenantId, TEST_APP.clientId);
    expect((await call()).status).toBe(401);
  });

  it('meters resource units per app and tenant and answers 429 with Retry-After past the budget', async () => {
    await env.client.updateSettings(tenantId, { throttleBudget: 5 });
    const token = await appToken(env.origin, tenantId);
    const call = () =>
      fetch(`${env.origin}/v1.0/users`, { headers: { authorization: `Bearer ${token}` } });
    const statuses: number[] = [];
    let throttled: Response | undefined;
    for (let i = 0; i < 3; i++) {
      const res = await call();
      statuses.push(res.status);
      if (res.status === 429) throttled = res;
    }
    // GET /users costs 2 resource units: two fit a budget of 5, the third does not.
    expect(statuses).toEqual([200, 200, 429]);
    expect(Number(throttled!.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(throttled!.headers.get('x-ms-throttle-information')).toBe('ResourceUnitLimitExceeded');
  });

  it('serves subscribed SKUs with consumed units derived from assignments, and the organization', async () => {
    await env.client.addUsers(tenantId, [
      {
        userPrincipalName: 'a@fabrikam.example',
        assignedLicenses: [{ skuId: '06ebc4ee-1bb5-47dd-8120-11324bc54e06', disabledPlans: [] }],
      },
      {
        userPrincipalName: 'b@fabrikam.example',
        assignedLicenses: [{ skuId: '06ebc4ee-1bb5-47dd-8120-11324bc54e06', disabledPlans: [] }],
      },
    ]);
    const skus = await graph.api('/subscribedSkus').get();
    const e5 = skus.value.find((s: { skuPartNumber: string }) => s.skuPartNumber === 'SPE_E5');
    expect(e5).toMatchObject({
      id: `${tenantId}_06ebc4ee-1bb5-47dd-8120-11324bc54e06`,
      consumedUnits: 2,
      prepaidUnits: { enabled: 50 },
    });
    expect(e5.servicePlans).toContainEqual(
      expect.objectContaining({
        servicePlanName: 'MCOEV',
        servicePlanId: '4828c8ec-dc2e-4779-b502-87ac9ce28ab7',
      }),
    );
    await expect(
      graph.api('/subscribedSkus').filter("skuPartNumber eq 'SPE_E5'").get(),
    ).rejects.toMatchObject({ statusCode: 400 });
    const users = await graph.api('/users').select(['assignedPlans']).get();
    expect(users.value[0].assignedPlans).toContainEqual(
      expect.objectContaining({
        servicePlanId: '4828c8ec-dc2e-4779-b502-87ac9ce28ab7',
        capabilityStatus: 'Enabled',
      }),
    );
  });
});
