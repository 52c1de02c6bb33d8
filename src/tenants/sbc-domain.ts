/** A DNS label may be 63 characters long. */
const LABEL_MAX = 63;

/** The tenant's name as a DNS label: ASCII letters and digits, words joined by hyphens. */
function slugOf(name: string, room: number): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .slice(0, Math.max(room, 1))
    .replace(/^-+|-+$/g, '');
  return slug || 'tenant';
}

/**
 * The tenant's subdomain of the SBC's base domain (carrier model): the FQDN that names the
 * provider's SBC in this customer's tenant, made from SBC_SUBDOMAIN_TEMPLATE.
 */
export function tenantSbcDomain(
  tenant: { id: string; name: string },
  settings: { sbcBaseDomain: string; subdomainTemplate: string },
): string {
  const id = tenant.id.replace(/-/g, '').slice(0, 8).toLowerCase();
  const withId = settings.subdomainTemplate.replaceAll('{id}', id);
  const slugs = withId.split('{slug}').length - 1;
  const room = slugs ? Math.floor((LABEL_MAX - withId.replaceAll('{slug}', '').length) / slugs) : 0;
  const label = withId.replaceAll('{slug}', slugOf(tenant.name, room));
  return `${label}.${settings.sbcBaseDomain}`;
}
