import { Client } from '@microsoft/microsoft-graph-client';
import {
  consentedTenant,
  graphClientFor,
  numberedUsers,
  startTestSandbox,
  TestSandbox,
} from '../../support/test-sandbox';

interface BatchResponse {
  responses: {
    id: string;
    status: number;
    headers: Record<string, string>;
    body: { error?: { code: string; message: string }; id?: string };
  }[];
}

describe('sandbox Graph $batch', () => {
  let env: TestSandbox;
  let tenantId: string;
  let graph: Client;
  let ids: string[];

  beforeEach(async () => {
    env = await startTestSandbox();
    tenantId = await consentedTenant(env.client);
    graph = graphClientFor(env.origin, tenantId);
    ids = (await env.client.addUsers(tenantId, numberedUsers(3, 'fabrikam.example'))).ids;
  });
  afterEach(() => env.close());

  const get = (id: string, url: string) => ({ id, method: 'GET', url });

  it('refuses a batch of 21 requests', async () => {
    const requests = Array.from({ length: 21 }, (_, i) => get(String(i + 1), `/users/${ids[0]}`));
    await expect(graph.api('/$batch').post({ requests })).rejects.toMatchObject({
      statusCode: 400,
      message: expect.stringContaining('limit of 20'),
    });
  });

  it('answers each item on its own, and rejects sub-URLs that repeat the version', async () => {
    const result: BatchResponse = await graph.api('/$batch').post({
      requests: [
        get('1', `/users/${ids[0]}?$select=id`),
        get('2', `/v1.0/users/${ids[1]}`),
        get('3', '/users/nobody'),
      ],
    });
    const byId = Object.fromEntries(result.responses.map((r) => [r.id, r]));
    expect(byId['1']).toMatchObject({ status: 200, body: { id: ids[0] } });
    expect(byId['2']).toMatchObject({
      status: 400,
      body: { error: { message: "Resource not found for the segment 'v1.0'." } },
    });
    expect(byId['3']).toMatchObject({
      status: 404,
      body: { error: { code: 'Request_ResourceNotFound' } },
    });
  });

  it('throttles items individually: a 429 inside a 200 envelope, with its own Retry-After', async () => {
    await env.client.addFault({
      path: `^/v1\\.0/users/${ids[1]}$`,
      status: 429,
      retryAfterSeconds: 2,
    });
    const result: BatchResponse = await graph
      .api('/$batch')
      .post({ requests: ids.map((id, i) => get(String(i + 1), `/users/${id}`)) });
    expect(result.responses.map((r) => r.status)).toEqual([200, 429, 200]);
    expect(result.responses[1].headers['retry-after']).toBe('2');

    const retried: BatchResponse = await graph
      .api('/$batch')
      .post({ requests: [get('2', `/users/${ids[1]}`)] });
    expect(retried.responses[0].status).toBe(200);
  });

  it('fails dependent items with 424 and keeps ids unique', async () => {
    const result: BatchResponse = await graph.api('/$batch').post({
      requests: [get('1', '/users/nobody'), { ...get('2', `/users/${ids[0]}`), dependsOn: ['1'] }],
    });
    expect(result.responses.map((r) => r.status)).toEqual([404, 424]);
    await expect(
      graph.api('/$batch').post({ requests: [get('a', '/users'), get('A', '/users')] }),
    ).rejects.toMatchObject({ statusCode: 400 });
  });
});
