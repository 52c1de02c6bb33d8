import { createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import { Agent, fetch } from 'undici';
import { checkedLookup, outboundUrlProblem } from '../../src/common/net/outbound-address';
import { CloudPbxDirectory } from '../../src/pbx/cloud-pbx-directory';
import { PbxAccount, PbxDirectoryUser } from '../../src/pbx/pbx-directory';
import { startTestSandbox, TestSandbox } from '../support/test-sandbox';

describe('the cloud PBX adapter against the sandbox PBX', () => {
  let env: TestSandbox;
  let account: PbxAccount;
  const waits: number[] = [];
  const directory = new CloudPbxDirectory(
    { allowedHosts: [], allowPrivateAddresses: true },
    async (ms) => void waits.push(ms),
  );

  const readAll = async (options?: { modifiedSince?: Date }, from: PbxAccount = account) => {
    const pages: PbxDirectoryUser[][] = [];
    for await (const page of directory.users(from, options)) pages.push(page);
    return pages;
  };

  beforeEach(async () => {
    env = await startTestSandbox();
    account = {
      apiUrl: `${env.origin}/pbx`,
      accountId: 'acct-1',
      clientId: 'pbx-client',
      clientSecret: 'pbx-secret',
    };
    await env.client.createPbxAccount({
      id: 'acct-1',
      clientId: 'pbx-client',
      clientSecret: 'pbx-secret',
    });
    await env.client.addPbxUsers(
      'acct-1',
      Array.from({ length: 1200 }, (_, i) => ({
        id: `u${String(i).padStart(4, '0')}`,
        email: `u${i}@contoso.example`,
        firstName: 'U',
        lastName: String(i),
        extension: String(1000 + i),
        directNumber: `+1425200${String(i).padStart(4, '0')}`,
      })),
    );
    waits.length = 0;
  });
  afterEach(() => env.close());

  it('streams every user page by page with one token', async () => {
    const pages = await readAll();
    expect(pages.map((p) => p.length)).toEqual([500, 500, 200]);
    expect(new Set(pages.flat().map((u) => u.id)).size).toBe(1200);
    expect(await env.client.requests({ path: '^/pbx/oauth/token$' })).toHaveLength(1);
  });

  it('reads whether secure calling is on for a user, and off where the PBX does not say', async () => {
    await env.client.updatePbxUser('acct-1', 'u0003', { secureCalling: true });
    const users = (await readAll()).flat();
    expect(users.filter((u) => u.secureCalling).map((u) => u.id)).toEqual(['u0003']);
    expect(users.every((u) => typeof u.secureCalling === 'boolean')).toBe(true);
  });

  it('reads only what changed since a point in time, deletions included', async () => {
    const since = new Date();
    await new Promise((resolve) => setTimeout(resolve, 5));
    await env.client.updatePbxUser('acct-1', 'u0007', { directNumber: '+14252009999' });
    await env.client.deletePbxUser('acct-1', 'u0008');
    const changed = (await readAll({ modifiedSince: since })).flat();
    expect(changed.map((u) => [u.id, u.status, u.directNumber])).toEqual([
      ['u0007', 'active', '+14252009999'],
      ['u0008', 'deleted', '+14252000008'],
    ]);
  });

  it('waits out 503s and 429s, honouring Retry-After', async () => {
    await env.client.addFault({ path: '^/pbx/v1/', status: 503, retryAfterSeconds: 2, times: 1 });
    await env.client.addFault({ path: '^/pbx/v1/', status: 429, times: 1 });
    const pages = await readAll();
    expect(pages.flat()).toHaveLength(1200);
    expect(waits).toEqual([2000, 2000]);
  });

  it('says when the PBX refuses the credentials, and when an outage outlasts the retries', async () => {
    await readAll();
    const wrongSecret = { ...account, clientSecret: 'wrong' };
    await expect(readAll(undefined, wrongSecret)).rejects.toMatchObject({
      kind: 'auth',
      status: 401,
    });
    await env.client.addFault({ path: '^/pbx/v1/', status: 503, times: 10 });
    await expect(readAll()).rejects.toMatchObject({ kind: 'transient', status: 503 });
  });

  it('sends the secret nowhere but the configured address: no redirect is followed, a refused host is never called', async () => {
    const calls: string[] = [];
    const elsewhere = createServer((req, res) => {
      calls.push(req.url ?? '');
      res.writeHead(307, { location: `${env.origin}/pbx${req.url}` }).end();
    });
    await new Promise<void>((resolve) => elsewhere.listen(0, '127.0.0.1', resolve));
    try {
      const port = (elsewhere.address() as AddressInfo).port;
      const redirecting = { ...account, apiUrl: `http://127.0.0.1:${port}/pbx` };
      await expect(readAll(undefined, redirecting)).rejects.toMatchObject({
        kind: 'permanent',
        message: expect.stringContaining('redirect (307)'),
      });
      expect(calls).toEqual(['/pbx/oauth/token']);

      const strict = new CloudPbxDirectory({ allowedHosts: [], allowPrivateAddresses: false });
      const pages = async () => {
        for await (const page of strict.users(account)) void page;
      };
      await expect(pages()).rejects.toMatchObject({
        kind: 'permanent',
        message: expect.stringContaining('loopback, private or link-local'),
      });
    } finally {
      elsewhere.close();
    }
  });
  it('refuses a name that resolved to a public address when set and to this machine when called (DNS rebinding)', async () => {
    const strict = { allowedHosts: [], allowPrivateAddresses: false };
    const answers = [['203.0.113.7'], ['127.0.0.1']];
    const resolve = async () => answers.shift() ?? ['127.0.0.1'];
    const apiUrl = `https://pbx.rebind.example:${new URL(env.origin).port}/pbx`;
    expect(await outboundUrlProblem(apiUrl, strict, resolve)).toBeNull();

    const before = (await env.client.requests()).length;
    const rebound = new CloudPbxDirectory(strict, async () => undefined, resolve);
    const pages = async () => {
      for await (const page of rebound.users({ ...account, apiUrl })) void page;
    };
    await expect(pages()).rejects.toMatchObject({
      kind: 'permanent',
      message: expect.stringContaining('pbx.rebind.example now resolves to a loopback'),
    });
    expect(await env.client.requests()).toHaveLength(before);
  });

  it('connects to the address its checked lookup answered, by name', async () => {
    const server = createServer((req, res) => res.end(`hello ${req.headers.host}`));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const port = (server.address() as AddressInfo).port;
      const agent = new Agent({
        connect: {
          lookup: checkedLookup(
            async () => ['127.0.0.1'],
            () => false,
          ),
        },
      });
      const res = await fetch(`http://pbx.checked.example:${port}/`, { dispatcher: agent });
      expect(await res.text()).toBe(`hello pbx.checked.example:${port}`);
      await agent.close();
    } finally {
      server.close();
    }
  });
});
