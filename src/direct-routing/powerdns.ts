import { DnsError, SbcDns, VERIFICATION_TTL_SECONDS } from './sbc-dns';

export interface PowerDnsSettings {
  apiUrl: string;
  apiKey: string;
  serverId: string;
  zone: string;
}

const TIMEOUT_MS = 10_000;

const absolute = (name: string) => `${name.replace(/\.$/, '')}.`;
/** A TXT record's content in zone-file form: quoted, with quotes and backslashes escaped. */
const quoted = (text: string) => `"${text.replace(/[\\"]/g, (c) => `\\${c}`)}"`;

/** PowerDNS Authoritative's HTTP API: one PATCH of the zone's RRsets per change. */
export class PowerDns extends SbcDns {
  readonly automatic = true;

  constructor(private readonly settings: PowerDnsSettings) {
    super();
  }

  publishTxt(name: string, text: string): Promise<void> {
    return this.patch({
      name: absolute(name),
      type: 'TXT',
      ttl: VERIFICATION_TTL_SECONDS,
      changetype: 'REPLACE',
      records: [{ content: quoted(text), disabled: false }],
    });
  }

  removeTxt(name: string): Promise<void> {
    return this.patch({ name: absolute(name), type: 'TXT', changetype: 'DELETE' });
  }

  private async patch(rrset: object): Promise<void> {
    const { apiUrl, apiKey, serverId, zone } = this.settings;
    const url = `${apiUrl}/api/v1/servers/${encodeURIComponent(serverId)}/zones/${encodeURIComponent(absolute(zone))}`;
    let response: Response;
    try {
      response = await fetch(url, {
        method: 'PATCH',
        headers: { 'x-api-key': apiKey, 'content-type': 'application/json' },
        body: JSON.stringify({ rrsets: [rrset] }),
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
    } catch (error) {
      throw new DnsError(
        `The PowerDNS API at ${apiUrl} could not be reached (${(error as Error).message}).`,
        true,
      );
    }
    if (response.ok) return;
    const detail = await response
      .json()
      .then((body) => String((body as { error?: unknown }).error ?? ''))
      .catch(() => '');
    const said = detail ? `: ${detail}` : '';
    if (response.status === 401 || response.status === 403)
      throw new DnsError(`PowerDNS refused the API key (${response.status}${said}).`, false);
    if (response.status === 404)
      throw new DnsError(`PowerDNS has no zone ${zone} on server ${serverId} (404${said}).`, false);
    throw new DnsError(
      `PowerDNS refused the change to ${zone} (${response.status}${said}).`,
      response.status >= 500,
    );
  }
}
