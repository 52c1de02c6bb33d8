import { json, SandboxRequest } from '../http';
import { liveUser } from '../state/store';
import { SandboxUser } from '../state/types';
import { GraphContext, GraphRoute, READ_COST } from './graph-context';
import { badRequest, notFound, unsupportedQuery } from './graph-errors';
import {
  decodeToken,
  encodeToken,
  linkWith,
  matchesFilter,
  parseFilter,
  parseSelect,
  parseTop,
} from './odata';
import { parseOrderBy, parseSearch, sortBy } from './odata-order';
import { representUser, SELECTABLE_USER_FIELDS, userField } from './user-representation';
import { deltaRoutes } from './delta';
import { takePage } from '../paging';

const USER_READ = [
  'User.Read.All',
  'User.ReadWrite.All',
  'Directory.Read.All',
  'Directory.ReadWrite.All',
];
const FILTERABLE = [
  'id',
  'userPrincipalName',
  'mail',
  'accountEnabled',
  'userType',
  'displayName',
  'givenName',
  'surname',
];

/** Sortable without an advanced query; the rest need ConsistencyLevel and `$count=true`. */
const BASIC_SORT = ['displayName', 'userPrincipalName'];
const ADVANCED_SORT = [...BASIC_SORT, 'givenName', 'surname', 'mail', 'createdDateTime'];
const SEARCHABLE = ['displayName', 'givenName', 'surname', 'mail', 'userPrincipalName'];

const eventual = (req: SandboxRequest) =>
  String(req.headers.consistencylevel ?? '').toLowerCase() === 'eventual';

function requireEventualConsistency(req: SandboxRequest): void {
  if (!eventual(req)) {
    throw badRequest('$count is only supported with the ConsistencyLevel header set to eventual.');
  }
}

/**
 * Directory advanced queries: `$search` needs `ConsistencyLevel: eventual`; `$orderby` with a
 * `$filter`, or on a property beyond displayName and userPrincipalName, needs it and `$count=true`.
 */
function checkAdvancedQuery(req: SandboxRequest, withCount: boolean): void {
  if (req.query.has('$search') && !eventual(req)) {
    throw badRequest(
      "Request with $search query parameter only works through MSGraph with a special request header: 'ConsistencyLevel: eventual'",
    );
  }
  const order = req.query.get('$orderby');
  if (order === null) return;
  const advanced = eventual(req) && withCount;
  const basic = order.split(',').every((p) => BASIC_SORT.includes(p.trim().split(/\s+/)[0]));
  if (!advanced && (req.query.has('$filter') || !basic))
    throw unsupportedQuery('Sorting not supported for current query.');
}

function listUsers(ctx: GraphContext) {
  const { req, tenant } = ctx;
  if (req.query.has('$skip')) throw unsupportedQuery();
  const withCount = req.query.get('$count') === 'true';
  if (withCount) requireEventualConsistency(req);
  checkAdvancedQuery(req, withCount);
  const select = parseSelect(req.query, SELECTABLE_USER_FIELDS);
  const top = parseTop(req.query, 100, 999);
  const filter = parseFilter(req.query.get('$filter'), FILTERABLE);
  const search = parseSearch(req.query, SEARCHABLE);
  const order = parseOrderBy(req.query, ADVANCED_SORT);
  const skipToken = req.query.get('$skiptoken');
  const start = skipToken ? decodeToken<{ i: number }>(skipToken).i : 0;

  const matches = (user: SandboxUser) =>
    !user.deleted &&
    matchesFilter(
      Object.fromEntries(FILTERABLE.map((f) => [f, userField(tenant, user, f)])),
      filter,
    ) &&
    (!search || search((field) => userField(tenant, user, field)));
  const ordered = order
    ? sortBy(
        tenant.userList.filter((u) => !u.deleted),
        order,
        (u, f) => userField(tenant, u, f),
      )
    : tenant.userList;
  const { page, next } = takePage(ordered, start, top, (user) =>
    matches(user) ? representUser(tenant, user, select) : null,
  );

  const body: Record<string, unknown> = {
    '@odata.context': `${ctx.origin}/${ctx.version}/$metadata#users`,
  };
  if (withCount) body['@odata.count'] = tenant.userList.filter(matches).length;
  if (next !== null) {
    body['@odata.nextLink'] = linkWith(ctx.origin, `/${ctx.version}/users`, req.query, {
      $skiptoken: encodeToken({ i: next }),
    });
  }
  body.value = page;
  return json(200, body);
}

function countUsers(ctx: GraphContext) {
  requireEventualConsistency(ctx.req);
  const count = ctx.tenant.userList.filter((u) => !u.deleted).length;
  return { status: 200, body: String(count), headers: { 'content-type': 'text/plain' } };
}

export function findUser(ctx: GraphContext): SandboxUser {
  const user = liveUser(ctx.tenant, ctx.req.params.id);
  if (!user) {
    throw notFound(
      `Resource '${ctx.req.params.id}' does not exist or one of its queried reference-property objects are not present.`,
    );
  }
  return user;
}

export function userRoutes(): GraphRoute[] {
  return [
    {
      method: 'GET',
      template: '/users',
      permissions: USER_READ,
      cost: READ_COST(2),
      handle: listUsers,
    },
    {
      method: 'GET',
      template: '/users/$count',
      permissions: USER_READ,
      cost: READ_COST(1),
      handle: countUsers,
    },
    ...deltaRoutes(USER_READ),
    {
      method: 'GET',
      template: '/users/:id',
      permissions: USER_READ,
      cost: READ_COST(1),
      handle: (ctx) =>
        json(
          200,
          representUser(
            ctx.tenant,
            findUser(ctx),
            parseSelect(ctx.req.query, SELECTABLE_USER_FIELDS),
          ),
        ),
    },
    {
      method: 'GET',
      template: '/users/:id/licenseDetails',
      permissions: USER_READ,
      cost: READ_COST(2),
      handle: (ctx) => {
        const user = findUser(ctx);
        const value = user.props.assignedLicenses.flatMap((license) => {
          const sku = ctx.tenant.skus.find((s) => s.skuId === license.skuId);
          if (!sku) return [];
          const servicePlans = sku.servicePlans.map((plan) => ({
            ...plan,
            provisioningStatus: license.disabledPlans.includes(plan.servicePlanId)
              ? 'Disabled'
              : plan.provisioningStatus,
          }));
          return [
            {
              id: encodeToken({ u: user.id, s: sku.skuId }),
              skuId: sku.skuId,
              skuPartNumber: sku.skuPartNumber,
              servicePlans,
            },
          ];
        });
        return json(200, { value });
      },
    },
  ];
}
