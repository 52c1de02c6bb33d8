import { Client, PageIterator } from '@microsoft/microsoft-graph-client';
import {
  consentedTenant,
  graphClientFor,
  numberedUsers,
  startTestSandbox,
  TestSandbox,
} from '../../support/test-sandbox';

interface DeltaItem {
  id: string;
  displayName?: string;
  '@removed'?: { reason: string };
}

/** Reads every page of one delta round and returns its items and the next delta link. */
async function deltaRound(
  graph: Client,
  link: string,
): Promise<{ items: DeltaItem[]; deltaLink: string }> {
  const items: DeltaItem[] = [];
  const iterator = new PageIterator(graph, await graph.api(link).get(), (item: DeltaItem) => {
    items.push(item);
    return true;
  });
  await iterator.iterate();
  return { items, deltaLink: iterator.getDeltaLink()! };
}

describe('sandbox Graph users delta, through the real graph-client', () => {
  let env: TestSandbox;
  let tenantId: string;
  let graph: Client;
  let ids: string[];

  beforeEach(async () => {
    env = await startTestSandbox();
    tenantId = await consentedTenant(env.client);
    graph = graphClientFor(env.origin, tenantId);
    await env.client.updateSettings(tenantId, { deltaPageSize: 4 });
    ids = (await env.client.addUsers(tenantId, numberedUsers(10, 'fabrikam.example'))).ids;
  });
  afterEach(() => env.close());

  it('follows skip-token pages to a delta link, then reports a change, a soft delete and a hard delete', async () => {
    const initial = await deltaRound(graph, '/users/delta?$select=displayName,mail,accountEnabled');
    expect(initial.items).toHaveLength(10);
    expect(initial.deltaLink).toMatch(
      new RegExp(`^${env.origin}/v1\\.0/users/delta\\?\\$deltatoken=`),
    );
    const pages = await env.client.requests({ path: '^/v1\\.0/users/delta$' });
    expect(pages).toHaveLength(3); // 4 + 4 + 2 users

    await env.client.updateUser(tenantId, ids[1], { displayName: 'Renamed User' });
    await env.client.updateUser(tenantId, ids[2], { jobTitle: 'Not selected, not reported' });
    await env.client.deleteUser(tenantId, ids[3]);
    await env.client.deleteUser(tenantId, ids[4], true);
    const changes = await deltaRound(graph, initial.deltaLink);

    expect(changes.items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: ids[1], displayName: 'Renamed User' }),
        { id: ids[3], '@removed': { reason: 'changed' } },
        { id: ids[4], '@removed': { reason: 'deleted' } },
      ]),
    );
    expect(changes.items).toHaveLength(3);

    await env.client.restoreUser(tenantId, ids[3]);
    const restored = await deltaRound(graph, changes.deltaLink);
    expect(restored.items).toEqual([
      expect.objectContaining({ id: ids[3], mail: 'user3@fabrikam.example' }),
    ]);

    const quiet = await deltaRound(graph, restored.deltaLink);
    expect(quiet.items).toEqual([]);
  });

  it('sends only changed properties with Prefer: return=minimal', async () => {
    const initial = await deltaRound(graph, '/users/delta?$select=displayName,mail');
    await env.client.updateUser(tenantId, ids[0], { displayName: 'Only This Changed' });
    const page = await graph.api(initial.deltaLink).header('Prefer', 'return=minimal').get();
    expect(page.value).toEqual([{ id: ids[0], displayName: 'Only This Changed' }]);
  });

  it('answers an expired delta token with 400 syncStateNotFound', async () => {
    const initial = await deltaRound(graph, '/users/delta?$select=displayName');
    await env.client.advanceClock(7 * 24 * 3600 * 1000 + 60_000);
    await expect(graph.api(initial.deltaLink).get()).rejects.toMatchObject({
      statusCode: 400,
      code: 'syncStateNotFound',
      message: expect.stringContaining('The delta token is expired'),
    });
  });

  it('answers a forced resync with 410 and a Location to start again', async () => {
    const initial = await deltaRound(graph, '/users/delta?$select=displayName');
    await env.client.forceDeltaResync(tenantId);
    const token = initial.deltaLink.split('$deltatoken=')[1];
    const res = await graph
      .api(`/users/delta?$deltatoken=${token}`)
      .responseType('raw' as never)
      .get();
    expect(res.status).toBe(410);
    expect(res.headers.get('location')).toBe(`${env.origin}/v1.0/users/delta?$select=displayName`);
  });

  it('starts from now with $deltatoken=latest and refuses unsupported query options', async () => {
    const latest = await graph.api('/users/delta?$deltatoken=latest').get();
    expect(latest.value).toEqual([]);
    await env.client.updateUser(tenantId, ids[5], { displayName: 'After Latest' });
    const next = await deltaRound(graph, latest['@odata.deltaLink']);
    expect(next.items.map((i) => i.id)).toEqual([ids[5]]);

    await expect(graph.api('/users/delta').orderby('displayName').get()).rejects.toMatchObject({
      statusCode: 400,
      code: 'Request_UnsupportedQuery',
    });
    await expect(
      graph.api('/users/delta').filter("startswith(displayName,'A')").get(),
    ).rejects.toMatchObject({ statusCode: 400, code: 'Request_UnsupportedQuery' });
  });
});
