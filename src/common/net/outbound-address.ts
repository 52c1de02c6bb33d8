import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

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

/**
 * Why the connector may not call this URL, or null. Checked when the address is set and again
 * before each connection (the name may point elsewhere by then).
 */
export async function outboundUrlProblem(
  raw: string,
  rules: OutboundRules,
): Promise<string | null> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'The address is not a URL.';
  }
  if (url.username || url.password) return 'The address may not carry a user name or password.';
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && rules.allowPrivateAddresses))
    return 'The address must use https.';
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (
    rules.allowedHosts.length > 0 &&
    !rules.allowedHosts.some((allowed) => hostMatches(host, allowed))
  )
    return `The host ${host} is not among the PBX hosts this provider allows.`;
  if (rules.allowPrivateAddresses) return null;
  const addresses = isIP(host)
    ? [host]
    : await lookup(host, { all: true }).then(
        (found) => found.map((a) => a.address),
        () => null,
      );
  if (!addresses) return `The host ${host} cannot be found.`;
  if (host === 'localhost' || host.endsWith('.localhost') || addresses.some(isPrivateAddress))
    return `The host ${host} is a loopback, private or link-local address, which the connector does not call.`;
  return null;
}

function hostMatches(host: string, allowed: string): boolean {
  const pattern = allowed.trim().toLowerCase();
  return pattern.startsWith('*.') ? host.endsWith(pattern.slice(1)) : host === pattern;
}
