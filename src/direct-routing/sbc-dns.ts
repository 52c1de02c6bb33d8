/** Microsoft reads the record a few times; a short TTL lets a corrected value spread fast. */
export const VERIFICATION_TTL_SECONDS = 300;

/** A DNS server refused or could not take a change; `retryable` when time may fix it. */
export class DnsError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
    this.name = 'DnsError';
  }
}

/**
 * The DNS zone that holds the tenants' subdomains of the SBC's base domain. In manual mode the
 * provider publishes records by hand, and the connector shows them what to publish.
 */
export abstract class SbcDns {
  /** True when the connector publishes records itself. */
  abstract readonly automatic: boolean;
  /** Makes `text` the one TXT record at `name`; nothing to do in manual mode. */
  abstract publishTxt(name: string, text: string): Promise<void>;
  /** Removes the TXT records at `name`, if there are any. */
  abstract removeTxt(name: string): Promise<void>;
}

/** The provider's DNS is elsewhere: the admin sees the record and publishes it there. */
export class ManualSbcDns extends SbcDns {
  readonly automatic = false;

  async publishTxt(): Promise<void> {}

  async removeTxt(): Promise<void> {}
}
