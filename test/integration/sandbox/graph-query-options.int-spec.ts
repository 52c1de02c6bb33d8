import { Client } from '@microsoft/microsoft-graph-client';
import {
  appToken,
  consentedTenant,
  graphClientFor,
  startTestSandbox,
  TestSandbox,
} from '../../support/test-sandbox';
import { standardSkus } from '../../sandbox/seed/licensing';

/** Query options, resource-unit costs and `$batch` details as Microsoft documents them. */
describe('sandbox Graph query options', () => {
  let env: TestSandbox;
  let tenantId: string;
  let graph: Client;
  const phone = standardSkus(10, 10)[0].skuId;

  beforeEach(async () => {
    env = await startTestSandbox();
    tenantId = await consentedTenant(env.client);
    graph = graphClientFor(env.origin, tenantId);
    await env.client.addUsers(
      tenantId,
      [
        { userPrincipalName: 'cy@fabrikam.example', displayName: 'Cy Young', givenName: 'Cy' },
        { userPrincipalName: 'al@fabrikam.example', displayName: 'Al Berg', givenName: 'Al' },
        { userPrincipalName: 'bo@fabrikam.example', displayName: 'Bo Young-Lee', givenName: 'Bo' },
      ].map((u) => ({
        ...u,
        assignedLicenses: [{ skuId: phone, disabledPlans: [] }],
        usageLocation: 'US',
      })),
    );
  });
  afterEach(() => env.close());

  const upns = (page: { value: { userPrincipalName: string }[] }) =>
    page.value.map((u) => u.userPrincipalName);
  const failure = (request: Promise<unknown>) =>
    request.then(
      () => null,
      (e: { statusCode: number; code: string; message: string }) => e,
    );

  it('sorts users by displayName or userPrincipalName without an advanced query, by other properties with one', async () => {
    expect(upns(await graph.api('/users').orderby('displayName').get())).toEqual([
      'al@fabrikam.example',
      'bo@fabrikam.example',
      'cy@fabrikam.example',
    ]);
    expect(upns(await graph.api('/users').orderby('userPrincipalName desc').get())).toEqual([
      'cy@fabrikam.example',
      'bo@fabrikam.example',
      'al@fabrikam.example',
    ]);
    expect(await failure(graph.api('/users').orderby('givenName').get())).toMatchObject({
      statusCode: 400,
      code: 'Request_UnsupportedQuery',
    });
    expect(
      await failure(graph.api('/users').filter("givenName eq 'Al'").orderby('displayName').get()),
    ).toMatchObject({ statusCode: 400, message: 'Sorting not supported for current query.' });
    const advanced = await graph
      .api('/users')
      .header('ConsistencyLevel', 'eventual')
      .count(true)
      .orderby('givenName desc')
      .get();
    expect(upns(advanced)).toEqual([
      'cy@fabrikam.example',
      'bo@fabrikam.example',
      'al@fabrikam.example',
    ]);
    expect(advanced['@odata.count']).toBe(3);
  });

  it('searches users only with ConsistencyLevel: eventual, by word prefix, and refuses bad syntax', async () => {
    expect(await failure(graph.api('/users').search('"displayName:young"').get())).toMatchObject({
      statusCode: 400,
      message: expect.stringContaining('ConsistencyLevel'),
    });
    const search = (expression: string) =>
      graph.api('/users').header('ConsistencyLevel', 'eventual').search(expression).get();
    expect(upns(await search('"displayName:young"'))).toEqual([
      'cy@fabrikam.example',
      'bo@fabrikam.example',
    ]);
    expect(upns(await search('"displayName:lee" OR "givenName:al"'))).toEqual([
      'al@fabrikam.example',
      'bo@fabrikam.example',
    ]);
    expect(upns(await search('"displayName:young" AND "givenName:bo"'))).toEqual([
      'bo@fabrikam.example',
    ]);
    expect(await failure(search('young'))).toMatchObject({ statusCode: 400 });
  });

  it('expands and sorts Teams user configurations, and refuses what it cannot expand', async () => {
    const page = await graph
      .api('/admin/teams/userConfigurations')
      .select(['id', 'userPrincipalName'])
      .expand('user')
      .orderby('userPrincipalName desc')
      .get();
    expect(page.value.map((c: { userPrincipalName: string }) => c.userPrincipalName)).toEqual([
      'cy@fabrikam.example',
      'bo@fabrikam.example',
      'al@fabrikam.example',
    ]);
    expect(page.value[0].user).toMatchObject({ userPrincipalName: 'cy@fabrikam.example' });
    expect(Object.keys(page.value[0]).sort()).toEqual(['id', 'user', 'userPrincipalName']);
    expect(
      await failure(graph.api('/admin/teams/userConfigurations').expand('manager').get()),
    ).toMatchObject({ statusCode: 400 });
  });

  it('expands the organization’s extensions and refuses an unknown navigation property', async () => {
    const org = await graph.api('/organization').select(['id']).expand('extensions').get();
    expect(org.value[0]).toEqual({ id: tenantId, extensions: [] });
    expect(await failure(graph.api('/organization').expand('owners').get())).toMatchObject({
      statusCode: 400,
    });
  });

  it('charges resource units with the documented modifiers', async () => {
    const token = await appToken(env.origin, tenantId);
    const cost = async (path: string) =>
      Number(
        (
          await fetch(`${env.origin}/v1.0${path}`, {
            headers: { authorization: `Bearer ${token}` },
          })
        ).headers.get('x-ms-resource-unit'),
      );
    expect(await cost('/users')).toBe(2);
    expect(await cost('/users?$select=id')).toBe(1);
    expect(await cost('/users?$top=5')).toBe(1);
    expect(await cost('/users?$top=500')).toBe(2);
    expect(await cost('/subscribedSkus')).toBe(3);
    expect(await cost('/subscribedSkus?$select=skuId')).toBe(2);
    expect(await cost('/organization?$expand=extensions')).toBe(2);
  });
});

describe('sandbox Graph $batch details', () => {
  let env: TestSandbox;
  let tenantId: string;
  let graph: Client;
  let ids: string[];

  beforeEach(async () => {
    env = await startTestSandbox();
    tenantId = await consentedTenant(env.client);
    graph = graphClientFor(env.origin, tenantId);
    ids = (
      await env.client.addUsers(tenantId, [
        { userPrincipalName: 'a@fabrikam.example' },
        { userPrincipalName: 'b@fabrikam.example' },
      ])
    ).ids;
  });
  afterEach(() => env.close());

  it('takes sub-URLs with or without the leading slash', async () => {
    const result = await graph.api('/$batch').post({
      requests: [
        { id: '1', method: 'GET', url: `users/${ids[0]}?$select=id` },
        { id: '2', method: 'GET', url: `/users/${ids[1]}?$select=id` },
      ],
    });
    expect(result.responses.map((r: { status: number }) => r.status)).toEqual([200, 200]);
  });

  it('refuses the whole batch for an item without a method or url, or a dependsOn naming no item', async () => {
    await expect(
      graph.api('/$batch').post({ requests: [{ id: '1', url: '/users' }] }),
    ).rejects.toMatchObject({ statusCode: 400 });
    await expect(
      graph.api('/$batch').post({
        requests: [{ id: '1', method: 'GET', url: '/users', dependsOn: ['9'] }],
      }),
    ).rejects.toMatchObject({ statusCode: 400, message: expect.stringContaining("'9'") });
  });

  it('answers in another order than asked when the tenant says so', async () => {
    await env.client.updateSettings(tenantId, { batchResponseOrder: 'reversed' });
    const result = await graph.api('/$batch').post({
      requests: ids.map((id, i) => ({ id: String(i + 1), method: 'GET', url: `/users/${id}` })),
    });
    expect(
      result.responses.map((r: { id: string; body: { id: string } }) => [r.id, r.body.id]),
    ).toEqual([
      ['2', ids[1]],
      ['1', ids[0]],
    ]);
  });
});
