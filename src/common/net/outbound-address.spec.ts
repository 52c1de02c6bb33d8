import { isPrivateAddress, outboundUrlProblem } from './outbound-address';

const strict = { allowedHosts: [], allowPrivateAddresses: false };

describe('outboundUrlProblem', () => {
  it('takes https to a public address, and nothing with credentials in it', async () => {
    expect(await outboundUrlProblem('https://8.8.8.8/pbx', strict)).toBeNull();
    expect(await outboundUrlProblem('http://8.8.8.8/pbx', strict)).toMatch(/must use https/);
    expect(await outboundUrlProblem('https://user:pw@8.8.8.8/', strict)).toMatch(
      /user name or password/,
    );
    expect(await outboundUrlProblem('not a url', strict)).toMatch(/not a URL/);
  });

  it('refuses loopback, private, link-local and cloud metadata addresses, by name too', async () => {
    for (const url of [
      'https://127.0.0.1/',
      'https://10.1.2.3/',
      'https://192.168.0.10/',
      'https://169.254.169.254/latest/meta-data',
      'https://[::1]/',
      'https://[fe80::1]/',
      'https://[::ffff:127.0.0.1]/',
      'https://localhost:8443/pbx',
    ])
      expect({ url, problem: await outboundUrlProblem(url, strict) }).toEqual({
        url,
        problem: expect.stringMatching(/loopback, private or link-local/),
      });
    expect(await outboundUrlProblem('https://pbx.invalid/', strict)).toMatch(/cannot be found/);
  });

  it('keeps to the hosts the provider allows', async () => {
    const rules = {
      allowedHosts: ['*.pbx.example', 'api.other.example'],
      allowPrivateAddresses: true,
    };
    expect(await outboundUrlProblem('https://eu.pbx.example/', rules)).toBeNull();
    expect(await outboundUrlProblem('https://api.other.example/', rules)).toBeNull();
    expect(await outboundUrlProblem('https://pbx.example.evil.example/', rules)).toMatch(
      /not among/,
    );
    expect(await outboundUrlProblem('https://evilpbx.example/', rules)).toMatch(/not among/);
  });

  it('allows this machine and plain http only when configured to (the demo, an in-house PBX)', async () => {
    const open = { allowedHosts: [], allowPrivateAddresses: true };
    expect(await outboundUrlProblem('http://localhost:8443/pbx', open)).toBeNull();
    expect(await outboundUrlProblem('https://10.0.0.5/', open)).toBeNull();
    expect(await outboundUrlProblem('ftp://10.0.0.5/', open)).toMatch(/must use https/);
  });
});

describe('isPrivateAddress', () => {
  it('tells internet addresses from the rest', () => {
    for (const a of ['8.8.8.8', '2606:4700:4700::1111', '52.1.2.3'])
      expect(isPrivateAddress(a)).toBe(false);
    for (const a of [
      '127.0.0.1',
      '100.64.1.1',
      '172.20.0.1',
      '0.0.0.0',
      'fd00::1',
      '::',
      'not-an-ip',
    ])
      expect(isPrivateAddress(a)).toBe(true);
  });
});
