import { startTestSandbox, TestSandbox } from '../../support/test-sandbox';

interface Page {
  items: {
    id: string;
    email: string | null;
    status: string;
    directNumber: string | null;
    extension: string;
  }[];
  nextPageMarker: string | null;
}

describe('sandbox cloud PBX admin API', () => {
  let env: TestSandbox;
  const account = { id: 'acct-1', clientId: 'pbx-client', clientSecret: 'pbx-secret' };

  beforeEach(async () => {
    env = await startTestSandbox();
    await env.client.createPbxAccount(account);
    await env.client.createPbxAccount({
      id: 'acct-2',
      clientId: 'other-client',
      clientSecret: 'other-secret',
    });
    await env.client.addPbxUsers(
      account.id,
      Array.from({ length: 250 }, (_, i) => ({
        id: `u${i}`,
        email: `u${i}@contoso.example`,
        firstName: 'U',
        lastName: String(i),
        extension: String(100 + i),
        directNumber: `+1425555${String(i).padStart(4, '0')}`,
      })),
    );
  });
  afterEach(() => env.close());

  async function token(
    clientId = account.clientId,
    clientSecret = account.clientSecret,
  ): Promise<Response> {
    return fetch(`${env.origin}/pbx/oauth/token`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: 'grant_type=client_credentials',
    });
  }

  async function readAll(
    bearer: string,
    query = '',
  ): Promise<{ pages: number; items: Page['items'] }> {
    const items: Page['items'] = [];
    let marker: string | null = null;
    let pages = 0;
    do {
      const params = new URLSearchParams(query);
      params.set('pageSize', '100');
      if (marker) params.set('pageMarker', marker);
      const res = await fetch(`${env.origin}/pbx/v1/accounts/${account.id}/users?${params}`, {
        headers: { authorization: `Bearer ${bearer}` },
      });
      expect(res.status).toBe(200);
      const page = (await res.json()) as Page;
      items.push(...page.items);
      marker = page.nextPageMarker;
      pages++;
    } while (marker);
    return { pages, items };
  }

  it('issues client-credential tokens and pages users with a cursor', async () => {
    const { access_token } = (await (await token()).json()) as { access_token: string };
    const all = await readAll(access_token);
    expect(all.pages).toBe(3);
    expect(all.items).toHaveLength(250);
    expect(new Set(all.items.map((u) => u.id)).size).toBe(250);
  });

  it('reports changes and deletions since a point in time', async () => {
    const { access_token } = (await (await token()).json()) as { access_token: string };
    const since = new Date().toISOString();
    await new Promise((resolve) => setTimeout(resolve, 5));
    await env.client.updatePbxUser(account.id, 'u7', { directNumber: '+14255559999' });
    await env.client.deletePbxUser(account.id, 'u8');

    const changed = await readAll(access_token, `modifiedSince=${encodeURIComponent(since)}`);
    expect(changed.items.map((u) => [u.id, u.status, u.directNumber])).toEqual([
      ['u7', 'active', '+14255559999'],
      ['u8', 'deleted', '+14255550008'],
    ]);
    const full = await readAll(access_token);
    expect(full.items.find((u) => u.id === 'u8')).toBeUndefined();
  });

  it('refuses bad credentials, a missing token, and a token for another account', async () => {
    expect((await token(account.clientId, 'wrong')).status).toBe(401);
    expect((await fetch(`${env.origin}/pbx/v1/accounts/${account.id}/users`)).status).toBe(401);
    const { access_token } = (await (await token('other-client', 'other-secret')).json()) as {
      access_token: string;
    };
    const res = await fetch(`${env.origin}/pbx/v1/accounts/${account.id}/users`, {
      headers: { authorization: `Bearer ${access_token}` },
    });
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual({ errorCode: 'FORBIDDEN', message: expect.any(String) });
  });

  it('answers injected 503s in its own error shape', async () => {
    await env.client.addFault({ path: '^/pbx/v1/', status: 503, retryAfterSeconds: 1 });
    const { access_token } = (await (await token()).json()) as { access_token: string };
    const res = await fetch(`${env.origin}/pbx/v1/accounts/${account.id}/users`, {
      headers: { authorization: `Bearer ${access_token}` },
    });
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('1');
  });
});
