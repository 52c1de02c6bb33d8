import { Resolver } from 'node:dns/promises';
import { PowerDns } from '../../src/direct-routing/powerdns';
import { DnsError } from '../../src/direct-routing/sbc-dns';
import { PowerDnsServer, startPowerDns } from '../sandbox/powerdns';

const ZONE = 'customers.pbx.example';

describe('the PowerDNS adapter, against a real PowerDNS server', () => {
  let server: PowerDnsServer;
  let resolver: Resolver;
  const dnsOf = (over: Partial<ConstructorParameters<typeof PowerDns>[0]> = {}) =>
    new PowerDns({
      apiUrl: server.apiUrl,
      apiKey: server.apiKey,
      serverId: 'localhost',
      zone: ZONE,
      ...over,
    });
  const txt = (name: string) =>
    resolver.resolveTxt(name).then(
      (records) => records.map((chunks) => chunks.join('')),
      (error: NodeJS.ErrnoException) => error.code,
    );

  beforeAll(async () => {
    server = await startPowerDns();
    await server.createZone(ZONE);
    resolver = new Resolver();
    resolver.setServers([server.dnsServer]);
  });
  afterAll(() => server?.stop());

  it('publishes one TXT record at a name, replaces it, and removes it', async () => {
    const name = `contoso-3f2b8c1e.${ZONE}`;
    await dnsOf().publishTxt(name, 'MS=ms11111111');
    expect(await txt(name)).toEqual(['MS=ms11111111']);
    await dnsOf().publishTxt(name, 'MS=ms22222222');
    expect(await txt(name)).toEqual(['MS=ms22222222']);
    await dnsOf().removeTxt(name);
    expect(await txt(name)).toBe('ENOTFOUND');
    // Removing what is not there is not an error.
    await dnsOf().removeTxt(name);
  });

  it('keeps quotes and backslashes inside the record', async () => {
    const name = `quotes.${ZONE}`;
    await dnsOf().publishTxt(name, 'a "quoted" \\ value');
    expect(await txt(name)).toEqual(['a "quoted" \\ value']);
  });

  it('says what is wrong, and whether waiting helps', async () => {
    const failure = (dns: PowerDns, name = `x.${ZONE}`) =>
      dns.publishTxt(name, 'MS=ms1').then(
        () => null,
        (e: DnsError) => ({ retryable: e.retryable, message: e.message }),
      );
    expect(await failure(dnsOf({ apiKey: 'wrong' }))).toEqual({
      retryable: false,
      message: expect.stringContaining('PowerDNS refused the API key (401'),
    });
    expect(await failure(dnsOf({ zone: 'elsewhere.example' }))).toEqual({
      retryable: false,
      message: expect.stringContaining('PowerDNS has no zone elsewhere.example'),
    });
    expect(await failure(dnsOf(), 'outside.example')).toEqual({
      retryable: false,
      message: expect.stringContaining('Name is out of zone'),
    });
    expect(await failure(dnsOf({ apiUrl: 'http://127.0.0.1:9' }))).toEqual({
      retryable: true,
      message: expect.stringContaining('could not be reached'),
    });
  });
});
