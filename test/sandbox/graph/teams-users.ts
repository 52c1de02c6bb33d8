import { json } from '../http';
import { liveUser } from '../state/store';
import {
  MCOEV_PLAN_ID,
  NumberRecord,
  SandboxTenant,
  SandboxUser,
  TEAMS1_PLAN_ID,
} from '../state/types';
import { GraphContext, GraphRoute, READ_COST, singleEntity } from './graph-context';
import { notFound } from './graph-errors';
import {
  decodeToken,
  encodeToken,
  linkWith,
  matchesFilter,
  parseFilter,
  parseSelect,
  parseTop,
  selected,
} from './odata';
import { parseExpand, parseOrderBy, sortBy } from './odata-order';
import { settleOperations } from './telephony-state';
import { takePage } from '../paging';
import { hasEnabledPlan, representUser } from './user-representation';

const CONFIG_READ = ['TeamsUserConfiguration.Read.All'];
const FILTERABLE = ['userPrincipalName', 'accountType', 'isEnterpriseVoiceEnabled', 'id'];

function featureTypes(tenant: SandboxTenant, user: SandboxUser): string[] {
  const features: string[] = [];
  if (hasEnabledPlan(tenant, user, TEAMS1_PLAN_ID)) features.push('Teams');
  if (hasEnabledPlan(tenant, user, MCOEV_PLAN_ID)) features.push('PhoneSystem');
  return features;
}

/** Users Teams knows about: licensed for Teams or Phone System, or guests. */
function isTeamsUser(tenant: SandboxTenant, user: SandboxUser): boolean {
  return (
    !user.deleted && (user.props.userType === 'Guest' || featureTypes(tenant, user).length > 0)
  );
}

export function representTeamsUser(
  tenant: SandboxTenant,
  user: SandboxUser,
  numbers: Map<string, NumberRecord[]>,
) {
  const policies = tenant.policyAssignments.get(user.id) ?? new Map<string, string>();
  return {
    id: user.id,
    tenantId: tenant.id,
    userPrincipalName: user.props.userPrincipalName,
    accountType: user.props.userType === 'Guest' ? 'guest' : user.accountKind,
    isEnterpriseVoiceEnabled: user.enterpriseVoiceEnabled,
    featureTypes: featureTypes(tenant, user),
    telephoneNumbers: (numbers.get(user.id) ?? []).map((n) => ({
      telephoneNumber: n.telephoneNumber,
      assignmentCategory: n.assignmentCategory,
    })),
    effectivePolicyAssignments: [...policies.entries()].map(([policyType, policyId]) => {
      const name = tenant.policies.find((p) => p.policyId === policyId)?.name ?? policyId;
      return {
        policyType,
        policyAssignment: {
          displayName: name,
          assignmentType: 'direct',
          policyId:
            tenant.settings.effectivePolicyIdShape === 'identity' ? `Tag:${name}` : policyId,
        },
      };
    }),
    createdDateTime: user.createdDateTime,
    modifiedDateTime: user.teamsModifiedAt,
  };
}

const TEAMS_USER_FIELDS = [
  'id',
  'tenantId',
  'userPrincipalName',
  'accountType',
  'isEnterpriseVoiceEnabled',
  'featureTypes',
  'telephoneNumbers',
  'effectivePolicyAssignments',
  'createdDateTime',
  'modifiedDateTime',
];
const TEAMS_USER_TYPE = 'microsoft.graph.teamsAdministration.teamsUserConfiguration';
const TEAMS_USER_SORT = ['userPrincipalName', 'id', 'createdDateTime', 'modifiedDateTime'];

/** One configuration as asked: `$select`ed fields, and the Entra `user` when `$expand`ed. */
function shapeConfiguration(
  ctx: GraphContext,
  user: SandboxUser,
  numbers: Map<string, NumberRecord[]>,
) {
  const select = parseSelect(ctx.req.query, TEAMS_USER_FIELDS, TEAMS_USER_TYPE);
  const expand = parseExpand(ctx.req.query, ['user'], TEAMS_USER_TYPE);
  const entity: Record<string, unknown> = selected(
    representTeamsUser(ctx.tenant, user, numbers),
    select,
  );
  if (expand.includes('user')) entity.user = representUser(ctx.tenant, user, null);
  return entity;
}

function listConfigurations(ctx: GraphContext) {
  const { tenant, req } = ctx;
  settleOperations(ctx.store, tenant);
  // $select and $expand are checked before any work, even when no user matches.
  parseSelect(req.query, TEAMS_USER_FIELDS, TEAMS_USER_TYPE);
  parseExpand(req.query, ['user'], TEAMS_USER_TYPE);
  const top = parseTop(req.query, 100, 999);
  const filter = parseFilter(req.query.get('$filter'), FILTERABLE);
  const order = parseOrderBy(req.query, TEAMS_USER_SORT);
  const skip = req.query.get('$skiptoken');
  const numbers = tenant.numbersByTarget;
  const matches = (user: SandboxUser) => {
    if (!isTeamsUser(tenant, user)) return false;
    return filter.length === 0 || matchesFilter(representTeamsUser(tenant, user, numbers), filter);
  };
  const start = skip ? decodeToken<{ i: number }>(skip).i : 0;
  const ordered = order
    ? sortBy(
        tenant.userList.filter((u) => !u.deleted),
        order,
        (u, f) => (representTeamsUser(tenant, u, numbers) as Record<string, unknown>)[f],
      )
    : tenant.userList;
  const { page: value, next } = takePage(ordered, start, top, (user) =>
    matches(user) ? shapeConfiguration(ctx, user, numbers) : null,
  );
  const body: Record<string, unknown> = {
    '@odata.context': `${ctx.origin}/${ctx.version}/$metadata#admin/teams/userConfigurations`,
  };
  if (next !== null) {
    body['@odata.nextLink'] = linkWith(
      ctx.origin,
      `/${ctx.version}/admin/teams/userConfigurations`,
      req.query,
      {
        $skiptoken: encodeToken({ i: next }),
      },
    );
  }
  body.value = value;
  return json(200, body);
}

export function teamsUserRoutes(): GraphRoute[] {
  return [
    {
      method: 'GET',
      template: '/admin/teams/userConfigurations',
      permissions: CONFIG_READ,
      cost: READ_COST(1),
      handle: listConfigurations,
    },
    {
      method: 'GET',
      template: '/admin/teams/userConfigurations/:id',
      permissions: CONFIG_READ,
      cost: READ_COST(1),
      handle: (ctx) => {
        settleOperations(ctx.store, ctx.tenant);
        parseSelect(ctx.req.query, TEAMS_USER_FIELDS, TEAMS_USER_TYPE);
        parseExpand(ctx.req.query, ['user'], TEAMS_USER_TYPE);
        const user = liveUser(ctx.tenant, ctx.req.params.id);
        if (!user || !isTeamsUser(ctx.tenant, user))
          throw notFound(`User '${ctx.req.params.id}' was not found in Teams.`, 'NotFound');
        return json(
          200,
          singleEntity(ctx, shapeConfiguration(ctx, user, ctx.tenant.numbersByTarget)),
        );
      },
    },
  ];
}
