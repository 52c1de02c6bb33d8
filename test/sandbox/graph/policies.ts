import { json } from '../http';
import { liveUser } from '../state/store';
import { GraphContext, GraphRoute, READ_COST, WRITE_COST } from './graph-context';
import { badRequest, notFound } from './graph-errors';

const POLICY_ASSIGN = ['TeamsPolicyUserAssign.ReadWrite.All'];

interface AssignmentItem {
  userId?: string;
  policyType?: string;
  policyId?: string;
}

function items(ctx: GraphContext): AssignmentItem[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(ctx.req.rawBody || '{}');
  } catch {
    throw badRequest('The request body is not valid JSON.', 'BadRequest');
  }
  const value = (parsed as { value?: unknown }).value;
  if (!Array.isArray(value) || value.length === 0)
    throw badRequest("The 'value' array is required.", 'BadRequest');
  return value as AssignmentItem[];
}

function userOf(ctx: GraphContext, item: AssignmentItem) {
  if (!item.userId || !item.policyType)
    throw badRequest("'userId' and 'policyType' are required.", 'BadRequest');
  const user = liveUser(ctx.tenant, item.userId);
  if (!user) throw notFound(`User '${item.userId}' was not found.`, 'NotFound');
  return user;
}

function assign(ctx: GraphContext) {
  const list = items(ctx);
  // Validate every item before changing anything: the call applies all or nothing.
  const resolved = list.map((item) => {
    const user = userOf(ctx, item);
    const policy = ctx.tenant.policies.find(
      (p) => p.policyType === item.policyType && p.policyId === item.policyId,
    );
    if (!policy)
      throw badRequest(
        `Policy '${item.policyId}' of type '${item.policyType}' was not found.`,
        'BadRequest',
      );
    return { user, policy };
  });
  for (const { user, policy } of resolved) {
    const byType = ctx.tenant.policyAssignments.get(user.id) ?? new Map<string, string>();
    byType.set(policy.policyType, policy.policyId);
    ctx.tenant.policyAssignments.set(user.id, byType);
    user.teamsModifiedAt = ctx.store.nowIso();
  }
  return { status: 204, log: { body: list } };
}

function unassign(ctx: GraphContext) {
  const list = items(ctx);
  const resolved = list.map((item) => ({
    user: userOf(ctx, item),
    policyType: String(item.policyType),
  }));
  for (const { user, policyType } of resolved) {
    ctx.tenant.policyAssignments.get(user.id)?.delete(policyType);
    user.teamsModifiedAt = ctx.store.nowIso();
  }
  return { status: 204, log: { body: list } };
}

function getPolicyId(ctx: GraphContext) {
  const call = /^getPolicyId\(type='([^']*)',\s*name='([^']*)'\)$/.exec(ctx.req.params.fn);
  if (!call)
    throw badRequest(`Resource not found for the segment '${ctx.req.params.fn}'.`, 'BadRequest');
  const [, type, rawName] = call;
  const name = rawName.replace(/^Tag:/i, '');
  const policy = ctx.tenant.policies.find(
    (p) =>
      p.policyType.toLowerCase() === type.toLowerCase() &&
      p.name.toLowerCase() === name.toLowerCase(),
  );
  if (!policy) throw notFound(`Policy '${rawName}' of type '${type}' was not found.`, 'NotFound');
  return json(200, { value: [{ name: `Tag:${policy.name}`, policyId: policy.policyId }] });
}

export function policyRoutes(): GraphRoute[] {
  return [
    {
      method: 'POST',
      template: '/admin/teams/policy/userAssignments/assign',
      permissions: POLICY_ASSIGN,
      cost: WRITE_COST,
      handle: assign,
    },
    {
      method: 'POST',
      template: '/admin/teams/policy/userAssignments/unassign',
      permissions: POLICY_ASSIGN,
      cost: WRITE_COST,
      handle: unassign,
    },
    {
      method: 'GET',
      template: '/admin/teams/policy/:fn',
      permissions: POLICY_ASSIGN,
      cost: READ_COST(1),
      handle: getPolicyId,
    },
  ];
}
