import { lookup } from 'node:dns/promises';
import { BlockList, isIP, LookupFunction } from 'node:net';
import { Agent } from 'undici';

/** Where the connector may send a customer's credentials (the PBX API address). */
export interface OutboundRules {
  /** Host names, or `*.suffix` for any host under it; empty: any public host. */
  allowedHosts: string[];
  /** Loopback, private and link-local addresses, and plain http: for the demo or an in-house PBX. */
  allowPrivateAddresses: boolean;
}

const PRIVATE = new BlockList();
for (const [net, bits] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const)
  PRIVATE.addSubnet(net, bits, 'ipv4');
for (const [net, bits] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const)
  PRIVATE.addSubnet(net, bits, 'ipv6');

/** Whether an address is loopback, private, link-local, multicast or otherwise not on the internet. */
export function isPrivateAddress(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  if (mapped) return isPrivateAddress(mapped);
  const family = isIP(address);
  return family === 0 || PRIVATE.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

/** A host name's addresses, as the system resolver gives them. */
export type Resolve = (host: string) => Promise<string[]>;
const systemResolve: Resolve = async (host) =>
  (await lookup(host, { all: true })).map((a) => a.address);

const privateHost = (host: string) =>
  `The host ${host} is a loopback, private or link-local address, which the connector does not call.`;

/** Why the connector may not call this URL, whatever its name resolves to; or null. */
export function urlProblem(raw: string, rules: OutboundRules): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'The address is not a URL.';
  }
  if (url.username || url.password) return 'The address may not carry a user name or password.';
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && rules.allowPrivateAddresses))
    return 'The address must use https.';
  const host = hostOf(url);
  if (
    rules.allowedHosts.length > 0 &&
    !rules.allowedHosts.some((allowed) => hostMatches(host, allowed))
  )
    return `The host ${host} is not among the PBX hosts this provider allows.`;
  if (rules.allowPrivateAddresses) return null;
  if (host === 'localhost' || host.endsWith('.localhost') || (isIP(host) && isPrivateAddress(host)))
    return privateHost(host);
  return null;
}

/**
 * Why the connector may not call this URL, or null: checked when the address is set, its name
 * resolved. Each connection is checked again where it is made (outboundAgent), as the name may
 * point elsewhere by then.
 */
export async function outboundUrlProblem(
  raw: string,
  rules: OutboundRules,
  resolve: Resolve = systemResolve,
): Promise<string | null> {
  const problem = urlProblem(raw, rules);
  if (problem || rules.allowPrivateAddresses) return problem;
  const host = hostOf(new URL(raw));
  if (isIP(host)) return null;
  const addresses = await resolve(host).catch(() => []);
  if (addresses.length === 0) return `The host ${host} cannot be found.`;
  return addresses.some(isPrivateAddress) ? privateHost(host) : null;
}

/** The code of the error a connection refused by outboundAgent fails with (as its `cause`). */
export const ADDRESS_REFUSED = 'OUTBOUND_ADDRESS_REFUSED';

/**
 * Connections whose addresses are checked as they are made: the address checked is the address
 * connected to, so a name that resolves to a public address when checked and to a private one a
 * moment later (DNS rebinding) is still refused.
 */
export function outboundAgent(rules: OutboundRules, resolve: Resolve = systemResolve): Agent {
  if (rules.allowPrivateAddresses) return new Agent();
  return new Agent({ connect: { lookup: checkedLookup(resolve, isPrivateAddress) } });
}

/** A lookup for `net.connect` that fails, before any connection, when an address is refused. */
export function checkedLookup(
  resolve: Resolve,
  refused: (address: string) => boolean,
): LookupFunction {
  return (host, options, callback) => {
    const answer = callback as (error: Error | null, ...result: unknown[]) => void;
    resolve(host).then(
      (addresses) => {
        if (addresses.length === 0 || addresses.some(refused))
          return answer(
            Object.assign(
              new Error(
                addresses.length === 0
                  ? `The host ${host} cannot be found.`
                  : `The host ${host} now resolves to a loopback, private or link-local address, which the connector does not call.`,
              ),
              { code: ADDRESS_REFUSED },
            ),
          );
        if (options.all)
          return answer(
            null,
            addresses.map((address) => ({ address, family: isIP(address) })),
          );
        answer(null, addresses[0], isIP(addresses[0]));
      },
      (error: Error) => answer(error),
    );
  };
}

function hostOf(url: URL): string {
  return url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
}

function hostMatches(host: string, allowed: string): boolean {
  const pattern = allowed.trim().toLowerCase();
  return pattern.startsWith('*.') ? host.endsWith(pattern.slice(1)) : host === pattern;
}
