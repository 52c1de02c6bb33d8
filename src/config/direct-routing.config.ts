import { EnvReader } from './env-reader';

const DOMAIN_NAME = /^(?=.{4,200}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;
const LABEL_TEMPLATE = /^(?=.*\{(?:slug|id)\})(?:[a-z0-9-]|\{slug\}|\{id\})+$/;

export const DEFAULT_SUBDOMAIN_TEMPLATE = '{slug}-{id}';

/**
 * Direct Routing in the carrier model: the provider's SBC serves every customer under its own base
 * domain, and each customer tenant gets a subdomain of it, which names the SBC in that tenant.
 */
export function readDirectRoutingConfig(env: EnvReader) {
  return {
    /** The SBC's base domain (`customers.pbx.example`); unset, Direct Routing onboarding is off. */
    sbcBaseDomain: env
      .matching('SBC_BASE_DOMAIN', DOMAIN_NAME, 'a DNS domain name such as customers.pbx.example')
      ?.toLowerCase(),
    /** A tenant's subdomain label: `{slug}` is its name made DNS-safe, `{id}` the start of its id. */
    subdomainTemplate:
      env.matching(
        'SBC_SUBDOMAIN_TEMPLATE',
        LABEL_TEMPLATE,
        'lowercase letters, digits and hyphens with {slug} (the tenant name) and/or {id} (its id), such as {slug}-{id}',
      ) ?? DEFAULT_SUBDOMAIN_TEMPLATE,
  };
}
