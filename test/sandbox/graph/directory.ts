import { json } from '../http';
import { SandboxTenant, SandboxSku } from '../state/types';
import { GraphContext, GraphRoute, READ_COST } from './graph-context';
import { notFound, unsupportedQuery } from './graph-errors';
import { deterministicGuid } from '../entra/entra-ids';
import { parseSelect, selected } from './odata';
import { parseExpand, parseOrderBy } from './odata-order';

const SKU_READ = [
  'LicenseAssignment.Read.All',
  'Organization.Read.All',
  'Directory.Read.All',
  'Organization.ReadWrite.All',
  'Directory.ReadWrite.All',
];
const ORG_READ = [
  'Organization.Read.All',
  'Directory.Read.All',
  'Organization.ReadWrite.All',
  'Directory.ReadWrite.All',
];

/** Consumed units follow the licenses actually assigned, as in Entra. */
export function consumedUnits(tenant: SandboxTenant, sku: SandboxSku): number {
  let count = 0;
  for (const user of tenant.users.values()) {
    if (!user.deleted && user.props.assignedLicenses.some((l) => l.skuId === sku.skuId)) count++;
  }
  return count;
}

function representSku(tenant: SandboxTenant, sku: SandboxSku) {
  return {
    id: `${tenant.id}_${sku.skuId}`,
    accountId: tenant.id,
    accountName: tenant.displayName,
    appliesTo: 'User',
    capabilityStatus: sku.capabilityStatus,
    consumedUnits: consumedUnits(tenant, sku),
    prepaidUnits: sku.prepaidUnits,
    servicePlans: sku.servicePlans,
    skuId: sku.skuId,
    skuPartNumber: sku.skuPartNumber,
    subscriptionIds: [deterministicGuid(`${tenant.id}/${sku.skuId}/subscription`)],
  };
}

const ORGANIZATION_FIELDS = [
  'id',
  'displayName',
  'createdDateTime',
  'countryLetterCode',
  'tenantType',
  'verifiedDomains',
];

const ORGANIZATION_TYPE = 'microsoft.graph.organization';

/** The organization as asked: `$select`ed fields, `extensions` when `$expand`ed (none here). */
function organizationAsAsked(ctx: GraphContext) {
  const select = parseSelect(ctx.req.query, ORGANIZATION_FIELDS, ORGANIZATION_TYPE);
  const expand = parseExpand(ctx.req.query, ['extensions'], ORGANIZATION_TYPE);
  parseOrderBy(ctx.req.query, ['displayName']);
  const entity: Record<string, unknown> = selected(representOrganization(ctx), select);
  if (expand.includes('extensions')) entity.extensions = [];
  return entity;
}

function representOrganization(ctx: GraphContext) {
  const { tenant } = ctx;
  return {
    id: tenant.id,
    displayName: tenant.displayName,
    createdDateTime: tenant.createdDateTime,
    countryLetterCode: 'US',
    tenantType: 'AAD',
    verifiedDomains: tenant.domains.map((name, i) => ({
      name,
      isDefault: i === 0,
      isInitial: name.endsWith('.onmicrosoft.com'),
      type: 'Managed',
      capabilities: 'Email, OfficeCommunicationsOnline',
    })),
  };
}

export function directoryRoutes(): GraphRoute[] {
  return [
    {
      method: 'GET',
      template: '/subscribedSkus',
      permissions: SKU_READ,
      cost: READ_COST(3),
      handle: (ctx) => {
        if (ctx.req.query.has('$filter')) throw unsupportedQuery();
        return json(200, {
          '@odata.context': `${ctx.origin}/${ctx.version}/$metadata#subscribedSkus`,
          value: ctx.tenant.skus.map((sku) => representSku(ctx.tenant, sku)),
        });
      },
    },
    {
      method: 'GET',
      template: '/subscribedSkus/:id',
      permissions: SKU_READ,
      cost: READ_COST(3),
      handle: (ctx) => {
        const sku = ctx.tenant.skus.find(
          (s) => `${ctx.tenant.id}_${s.skuId}` === ctx.req.params.id,
        );
        if (!sku) throw notFound(`Resource '${ctx.req.params.id}' does not exist.`);
        return json(200, representSku(ctx.tenant, sku));
      },
    },
    {
      method: 'GET',
      template: '/organization',
      permissions: ORG_READ,
      cost: READ_COST(1),
      handle: (ctx) =>
        json(200, {
          '@odata.context': `${ctx.origin}/${ctx.version}/$metadata#organization`,
          value: [organizationAsAsked(ctx)],
        }),
    },
    {
      method: 'GET',
      template: '/organization/:id',
      permissions: ORG_READ,
      cost: READ_COST(1),
      handle: (ctx) => {
        if (ctx.req.params.id.toLowerCase() !== ctx.tenant.id)
          throw notFound(`Resource '${ctx.req.params.id}' does not exist.`);
        return json(200, organizationAsAsked(ctx));
      },
    },
  ];
}
