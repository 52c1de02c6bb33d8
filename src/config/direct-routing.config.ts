import { EnvReader } from './env-reader';

const DOMAIN_NAME = /^(?=.{4,200}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;
const LABEL_TEMPLATE = /^(?=.*\{(?:slug|id)\})(?:[a-z0-9-]|\{slug\}|\{id\})+$/;

export const DEFAULT_SUBDOMAIN_TEMPLATE = '{slug}-{id}';
export const SBC_DNS_MODES = ['manual', 'powerdns'] as const;

/** PowerDNS Authoritative's HTTP API, which holds the SBC's base zone. */
function readPowerDns(env: EnvReader, wanted: boolean, baseDomain: string | undefined) {
  const apiUrl = env.optionalUrl('PDNS_API_URL', ['http:', 'https:']);
  const apiKey = env.secret('PDNS_API_KEY');
  if (!wanted) return undefined;
  const needs = 'set when SBC_DNS is powerdns';
  if (!apiUrl) env.missing('PDNS_API_URL', `a URL such as http://127.0.0.1:8081, ${needs}`);
  if (!apiKey) env.missing('PDNS_API_KEY', `the API key of the PowerDNS server, ${needs}`);
  if (!baseDomain) env.missing('SBC_BASE_DOMAIN', `the zone PowerDNS holds, ${needs}`);
  return {
    apiUrl: apiUrl ?? '',
    apiKey: apiKey ?? '',
    serverId: env.string('PDNS_SERVER_ID', 'localhost'),
    /** The zone that holds the tenants' subdomains: the base domain, or a parent of it. */
    zone: (
      env.matching('PDNS_ZONE', DOMAIN_NAME, 'a DNS domain name such as pbx.example') ??
      baseDomain ??
      ''
    ).toLowerCase(),
  };
}

/**
 * Direct Routing in the carrier model: the provider's SBC serves every customer under its own base
 * domain, and each customer tenant gets a subdomain of it, which names the SBC in that tenant.
 */
export function readDirectRoutingConfig(env: EnvReader) {
  const sbcBaseDomain = env
    .matching('SBC_BASE_DOMAIN', DOMAIN_NAME, 'a DNS domain name such as customers.pbx.example')
    ?.toLowerCase();
  const dns = env.oneOf('SBC_DNS', SBC_DNS_MODES, 'manual');
  return {
    /** The SBC's base domain (`customers.pbx.example`); unset, Direct Routing onboarding is off. */
    sbcBaseDomain,
    /** A tenant's subdomain label: `{slug}` is its name made DNS-safe, `{id}` the start of its id. */
    subdomainTemplate:
      env.matching(
        'SBC_SUBDOMAIN_TEMPLATE',
        LABEL_TEMPLATE,
        'lowercase letters, digits and hyphens with {slug} (the tenant name) and/or {id} (its id), such as {slug}-{id}',
      ) ?? DEFAULT_SUBDOMAIN_TEMPLATE,
    /** Who publishes the verification TXT record: PowerDNS's API, or the provider by hand. */
    dns,
    powerDns: readPowerDns(env, dns === 'powerdns', sbcBaseDomain),
    /** How long onboarding keeps asking Microsoft to verify the domain before it gives up. */
    verifyDeadlineMinutes: env.int('SBC_VERIFY_DEADLINE_MINUTES', 48 * 60, 1, 14 * 24 * 60),
    /** How long it waits between two verification attempts while DNS propagates. */
    verifyRetrySeconds: env.int('SBC_VERIFY_RETRY_SECONDS', 300, 1, 3600),
    /** How long the activation user keeps its licence: Microsoft says activation can take hours. */
    activationHours: env.int('SBC_ACTIVATION_HOURS', 24, 1, 7 * 24),
  };
}

export type DirectRoutingSettings = ReturnType<typeof readDirectRoutingConfig>;
