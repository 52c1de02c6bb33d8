import { json } from '../http';
import { NumberRecord } from '../state/types';
import {
  GraphContext,
  GraphRoute,
  jsonBody,
  READ_COST,
  singleEntity,
  WRITE_COST,
} from './graph-context';
import { badRequest, notFound } from './graph-errors';
import { matchesFilter, parseFilter, parseTop, linkWith } from './odata';
import { newOperation, pollOperation, settleOperations } from './telephony-state';

const NUMBER_READ = ['TeamsTelephoneNumber.Read.All', 'TeamsTelephoneNumber.ReadWrite.All'];
const NUMBER_WRITE = ['TeamsTelephoneNumber.ReadWrite.All'];
const NUMBER_TYPES = ['directRouting', 'callingPlan', 'operatorConnect'];
const CATEGORIES = ['primary', 'private', 'alternate'];
const BASE = '/admin/teams/telephoneNumberManagement';
const FILTERABLE = [
  'telephoneNumber',
  'numberType',
  'assignmentStatus',
  'activationState',
  'assignmentTargetId',
  'assignmentCategory',
];

/** Graph accepts numbers with or without `+`, and Direct Routing numbers may carry `;ext=`. */
function normaliseNumber(raw: unknown): string {
  if (typeof raw !== 'string' || !/^\+?\d{4,15}(;ext=\d{1,10})?$/.test(raw.trim())) {
    throw badRequest(`The telephone number '${String(raw)}' is not valid.`, 'BadRequest');
  }
  const trimmed = raw.trim();
  return trimmed.startsWith('+') ? trimmed : `+${trimmed}`;
}

function representNumber(record: NumberRecord) {
  return {
    id: record.id,
    telephoneNumber: record.telephoneNumber,
    numberType: record.numberType,
    activationState: record.activationState,
    assignmentStatus: record.assignmentStatus,
    assignmentTargetId: record.assignmentTargetId,
    assignmentCategory: record.assignmentCategory,
    capabilities: ['userAssignment'],
    numberSource: 'onPremises',
    operatorId: null,
    locationId: null,
    civicAddressId: null,
    networkSiteId: null,
    isoCountryCode: null,
    city: null,
    portInStatus: 'completed',
    supportedCustomerActions: [],
    reverseNumberLookupOptions: [],
  };
}

function accepted(ctx: GraphContext, opId: string) {
  return {
    status: 202,
    headers: { location: `${ctx.origin}/${ctx.version}${BASE}/operations('${opId}')` },
  };
}

function assignNumber(ctx: GraphContext) {
  const input = jsonBody(ctx);
  for (const field of ['telephoneNumber', 'assignmentTargetId', 'numberType']) {
    if (!input[field]) throw badRequest(`The '${field}' field is required.`, 'BadRequest');
  }
  if (!NUMBER_TYPES.includes(String(input.numberType)))
    throw badRequest(`Unknown numberType '${String(input.numberType)}'.`, 'BadRequest');
  const category = String(input.assignmentCategory ?? 'primary');
  if (!CATEGORIES.includes(category))
    throw badRequest(`Unknown assignmentCategory '${category}'.`, 'BadRequest');
  const telephoneNumber = normaliseNumber(input.telephoneNumber);
  const op = newOperation(ctx.tenant, ctx.store, {
    kind: 'assign',
    telephoneNumber,
    targetId: String(input.assignmentTargetId).toLowerCase(),
    category: category as 'primary',
  });
  return {
    ...accepted(ctx, op.id),
    log: {
      body: { telephoneNumber, assignmentTargetId: op.targetId, numberType: input.numberType },
    },
  };
}

function unassignNumber(ctx: GraphContext) {
  const input = jsonBody(ctx);
  if (!input.telephoneNumber || !input.numberType)
    throw badRequest("The 'telephoneNumber' and 'numberType' fields are required.", 'BadRequest');
  const telephoneNumber = normaliseNumber(input.telephoneNumber);
  const op = newOperation(ctx.tenant, ctx.store, {
    kind: 'unassign',
    telephoneNumber,
    targetId: null,
    category: 'primary',
  });
  return { ...accepted(ctx, op.id), log: { body: { telephoneNumber } } };
}

function listNumbers(ctx: GraphContext) {
  settleOperations(ctx.store, ctx.tenant);
  const top = parseTop(ctx.req.query, 500, 1000);
  const skip = Number(ctx.req.query.get('$skip') ?? 0);
  if (!Number.isInteger(skip) || skip < 0)
    throw badRequest(`Invalid $skip '${ctx.req.query.get('$skip')}'.`);
  const filter = parseFilter(ctx.req.query.get('$filter'), FILTERABLE);
  const all = [...ctx.tenant.numbers.values()]
    .map(representNumber)
    .filter((n) => matchesFilter(n, filter));
  const out: Record<string, unknown> = { value: all.slice(skip, skip + top) };
  if (skip + top < all.length) {
    out['@odata.nextLink'] = linkWith(
      ctx.origin,
      `/${ctx.version}${BASE}/numberAssignments`,
      ctx.req.query,
      { $skip: String(skip + top) },
    );
  }
  return json(200, out);
}

function getOperation(ctx: GraphContext, id: string) {
  const op = ctx.tenant.operations.get(id);
  if (!op) throw notFound(`Operation '${id}' was not found.`, 'NotFound');
  pollOperation(ctx.store, ctx.tenant, op);
  return json(
    200,
    singleEntity(ctx, {
      '@odata.type': '#microsoft.graph.teamsAdministration.telephoneNumberLongRunningOperation',
      id: op.id,
      createdDateTime: op.createdDateTime,
      status: op.status,
      numbers: [
        {
          resourceLocation: op.resourceLocation
            ? `${ctx.origin}/${ctx.version}${op.resourceLocation}`
            : null,
          status: op.status,
          statusDetail: op.statusDetail,
        },
      ],
    }),
  );
}

export function numberRoutes(): GraphRoute[] {
  return [
    {
      method: 'GET',
      template: `${BASE}/numberAssignments`,
      permissions: NUMBER_READ,
      cost: READ_COST(1),
      handle: listNumbers,
    },
    {
      method: 'GET',
      template: `${BASE}/numberAssignments/:id`,
      permissions: NUMBER_READ,
      cost: READ_COST(1),
      handle: (ctx) => {
        settleOperations(ctx.store, ctx.tenant);
        const record = [...ctx.tenant.numbers.values()].find((n) => n.id === ctx.req.params.id);
        if (!record)
          throw notFound(`Number assignment '${ctx.req.params.id}' was not found.`, 'NotFound');
        return json(200, representNumber(record));
      },
    },
    {
      method: 'POST',
      template: `${BASE}/numberAssignments/assignNumber`,
      permissions: NUMBER_WRITE,
      cost: WRITE_COST,
      handle: assignNumber,
    },
    {
      method: 'POST',
      template: `${BASE}/numberAssignments/unassignNumber`,
      permissions: NUMBER_WRITE,
      cost: WRITE_COST,
      handle: unassignNumber,
    },
    {
      method: 'GET',
      template: `${BASE}/operations/:id`,
      permissions: NUMBER_READ,
      cost: READ_COST(1),
      handle: (ctx) => getOperation(ctx, ctx.req.params.id),
    },
    {
      // The Location header uses the key syntax: operations('{id}').
      method: 'GET',
      template: `${BASE}/:segment`,
      permissions: NUMBER_READ,
      cost: READ_COST(1),
      handle: (ctx) => {
        const keyed = /^operations\('([^']+)'\)$/.exec(ctx.req.params.segment);
        if (!keyed)
          throw badRequest(
            `Resource not found for the segment '${ctx.req.params.segment}'.`,
            'BadRequest',
          );
        return getOperation(ctx, keyed[1]);
      },
    },
  ];
}
