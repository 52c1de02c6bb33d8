import { Resolver } from 'node:dns/promises';
import { randomInt } from 'node:crypto';
import { json } from '../http';
import { SandboxDomain, SandboxTenant } from '../state/types';
import { GraphContext, GraphRoute, jsonBody, READ_COST, WRITE_COST } from './graph-context';
import { badRequest, notFound } from './graph-errors';

const DOMAIN_READ = [
  'Domain.Read.All',
  'Domain.ReadWrite.All',
  'Directory.Read.All',
  'Directory.ReadWrite.All',
];
const DOMAIN_WRITE = ['Domain.ReadWrite.All', 'Directory.ReadWrite.All'];
const DOMAIN_NAME = /^(?=.{4,255}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

/** The tenant's own domains (verified at creation) and the ones added through Graph. */
function findDomain(tenant: SandboxTenant, name: string): SandboxDomain | undefined {
  const key = name.toLowerCase();
  const added = tenant.addedDomains.get(key);
  if (added) return added;
  if (!tenant.domains.includes(key)) return undefined;
  return {
    id: key,
    isVerified: true,
    verificationText: '',
    supportedServices: ['Email', 'OfficeCommunicationsOnline'],
  };
}

function requireDomain(ctx: GraphContext): SandboxDomain {
  const domain = findDomain(ctx.tenant, ctx.req.params.id);
  if (!domain) throw notFound(`Resource '${ctx.req.params.id}' does not exist.`);
  return domain;
}

function representDomain(tenant: SandboxTenant, domain: SandboxDomain) {
  return {
    authenticationType: 'Managed',
    availabilityStatus: null,
    id: domain.id,
    isAdminManaged: true,
    isDefault: tenant.domains[0] === domain.id,
    isInitial: domain.id.endsWith('.onmicrosoft.com'),
    isRoot: true,
    isVerified: domain.isVerified,
    passwordNotificationWindowInDays: 14,
    passwordValidityPeriodInDays: 2147483647,
    supportedServices: domain.supportedServices,
    state: null,
  };
}

/** Whether any sandbox tenant has verified this name: a domain belongs to one tenant only. */
function verifiedElsewhere(ctx: GraphContext, name: string): boolean {
  for (const tenant of ctx.store.tenants.values())
    if (tenant !== ctx.tenant && tenant.domains.includes(name)) return true;
  return false;
}

/** Asks the configured DNS servers for the name's TXT records, as Microsoft asks the public DNS. */
async function txtRecords(servers: string[], name: string): Promise<string[]> {
  if (!servers.length) return [];
  const resolver = new Resolver({ timeout: 2000, tries: 1 });
  resolver.setServers(servers);
  try {
    return (await resolver.resolveTxt(name)).map((chunks) => chunks.join(''));
  } catch {
    return [];
  }
}

export function domainRoutes(): GraphRoute[] {
  return [
    {
      method: 'GET',
      template: '/domains/:id',
      permissions: DOMAIN_READ,
      cost: READ_COST(1),
      handle: (ctx) => json(200, representDomain(ctx.tenant, requireDomain(ctx))),
    },
    {
      method: 'POST',
      template: '/domains',
      permissions: DOMAIN_WRITE,
      cost: WRITE_COST,
      handle: (ctx) => {
        const name = String(jsonBody(ctx).id ?? '').toLowerCase();
        if (!DOMAIN_NAME.test(name)) throw badRequest(`Invalid domain name '${name}'.`);
        if (findDomain(ctx.tenant, name))
          throw badRequest('Another object with the same value for property id already exists.');
        if (verifiedElsewhere(ctx, name))
          throw badRequest(`The domain '${name}' is already verified in another tenant.`);
        const domain: SandboxDomain = {
          id: name,
          isVerified: false,
          verificationText: `MS=ms${randomInt(10_000_000, 99_999_999)}`,
          supportedServices: [],
        };
        ctx.tenant.addedDomains.set(name, domain);
        return json(201, {
          '@odata.context': `${ctx.origin}/${ctx.version}/$metadata#domains/$entity`,
          ...representDomain(ctx.tenant, domain),
        });
      },
    },
    {
      method: 'GET',
      template: '/domains/:id/verificationDnsRecords',
      permissions: DOMAIN_READ,
      cost: READ_COST(1),
      handle: (ctx) => {
        const domain = requireDomain(ctx);
        const code = domain.verificationText.replace(/^MS=/, '');
        return json(200, {
          value: [
            {
              '@odata.type': '#microsoft.graph.domainDnsTxtRecord',
              id: `aceff52c-06a5-447f-ac5f-256ad243cc5c`,
              isOptional: false,
              label: domain.id,
              recordType: 'Txt',
              supportedService: 'Email',
              ttl: 3600,
              text: domain.verificationText,
            },
            {
              '@odata.type': '#microsoft.graph.domainDnsMxRecord',
              id: `5fbde38c-0865-497f-82b1-126f596bcee9`,
              isOptional: false,
              label: domain.id,
              recordType: 'Mx',
              supportedService: 'Email',
              ttl: 3600,
              mailExchange: `${code}.msv1.invalid`,
              preference: 32767,
            },
          ],
        });
      },
    },
    {
      method: 'POST',
      template: '/domains/:id/verify',
      permissions: DOMAIN_WRITE,
      cost: WRITE_COST,
      handle: async (ctx) => {
        const domain = requireDomain(ctx);
        if (domain.isVerified) throw badRequest('Domain is already verified.');
        const records = await txtRecords(ctx.store.dnsServers, domain.id);
        if (!records.includes(domain.verificationText))
          throw badRequest(
            `Domain verification failed with the following error: Unable to verify domain '${domain.id}', the DNS record could not be found.`,
          );
        domain.isVerified = true;
        domain.supportedServices = ['Email', 'OfficeCommunicationsOnline'];
        ctx.tenant.domains.push(domain.id);
        return json(200, representDomain(ctx.tenant, domain));
      },
    },
  ];
}
