import { json } from '../http';
import { SandboxTenant, SandboxUser } from '../state/types';
import { GraphContext, GraphRoute, READ_COST } from './graph-context';
import { GraphFailure, unsupportedQuery } from './graph-errors';
import { decodeToken, encodeToken, parseSelect } from './odata';
import { takePage } from '../paging';
import {
  representUser,
  SELECTABLE_USER_FIELDS,
  USER_PROP_NAMES,
  userField,
} from './user-representation';

const DELTA_TOKEN_LIFETIME_MS = 7 * 24 * 3600 * 1000;
const MAX_ID_FILTER = 50;

/** Everything a delta link or skip link must remember; Graph encodes the same into its tokens. */
interface DeltaCursor {
  since: number;
  upTo: number;
  i: number;
  select: string[] | null;
  ids: string[] | null;
  /** When the round's delta token was issued (sandbox clock). */
  issuedAt: number;
  /** With the `emptyPages` quirk: the empty page before this one has been answered. */
  padded?: boolean;
}

function parseIdFilter(raw: string | null): string[] | null {
  if (!raw) return null;
  const ids = raw.split(/\s+or\s+/i).map((part) => {
    const match = /^\s*id\s+eq\s+'([^']+)'\s*$/i.exec(part);
    if (!match) throw unsupportedQuery();
    return match[1].toLowerCase();
  });
  if (ids.length > MAX_ID_FILTER) throw unsupportedQuery();
  return ids;
}

function startCursor(ctx: GraphContext): DeltaCursor {
  const { query } = ctx.req;
  for (const name of ['$orderby', '$count', '$expand', '$search']) {
    if (query.has(name)) throw unsupportedQuery();
  }
  const upTo = ctx.tenant.changeSeq;
  return {
    // `$deltatoken=latest` starts tracking from now: the first round returns no users.
    since: query.get('$deltatoken') === 'latest' ? upTo : 0,
    upTo,
    i: query.get('$deltatoken') === 'latest' ? Number.MAX_SAFE_INTEGER : 0,
    select: parseSelect(query, SELECTABLE_USER_FIELDS),
    ids: parseIdFilter(query.get('$filter')),
    issuedAt: ctx.store.now(),
  };
}

function resumeCursor(ctx: GraphContext, tenant: SandboxTenant): DeltaCursor {
  const skip = ctx.req.query.get('$skiptoken');
  if (skip) return decodeToken<DeltaCursor>(skip);
  const previous = decodeToken<DeltaCursor>(ctx.req.query.get('$deltatoken') ?? '');
  const restart = `${ctx.origin}/${ctx.version}/users/delta${previous.select ? `?$select=${previous.select.join(',')}` : ''}`;
  if (previous.issuedAt < tenant.deltaResetBefore) {
    throw new GraphFailure(
      410,
      'resyncRequired',
      'The delta token is no longer valid; reset the sync state.',
      { location: restart },
    );
  }
  if (
    previous.issuedAt < tenant.deltaExpiredBefore ||
    ctx.store.now() - previous.issuedAt > DELTA_TOKEN_LIFETIME_MS
  ) {
    throw new GraphFailure(
      400,
      'syncStateNotFound',
      'The sync state generation is not found. The delta token is expired and data must be synchronized again.',
    );
  }
  return {
    ...previous,
    since: previous.upTo,
    upTo: tenant.changeSeq,
    i: 0,
    issuedAt: ctx.store.now(),
  };
}

/** What a delta page says about one user in the (since, upTo] window, or null when it says nothing. */
function deltaEntry(
  ctx: GraphContext,
  user: SandboxUser,
  c: DeltaCursor,
): Record<string, unknown> | null {
  const inWindow = (seq: number | undefined) => seq !== undefined && seq > c.since && seq <= c.upTo;
  if (c.ids && !c.ids.includes(user.id)) return null;
  if (user.createdSeq > c.upTo) return null;
  if (c.since === 0 || user.createdSeq > c.since) {
    if (user.deleted && c.since === 0 && ctx.tenant.settings.deltaQuirks.removedInInitialRound)
      return {
        id: user.id,
        '@removed': { reason: user.deleted === 'hard' ? 'deleted' : 'changed' },
      };
    return user.deleted ? null : representUser(ctx.tenant, user, c.select);
  }
  if (inWindow(user.lifecycleSeq)) {
    if (user.deleted)
      return {
        id: user.id,
        '@removed': { reason: user.deleted === 'hard' ? 'deleted' : 'changed' },
      };
    return representUser(ctx.tenant, user, c.select);
  }
  if (user.deleted) return null;
  const tracked = c.select ?? [...USER_PROP_NAMES, 'assignedPlans'];
  const changed = tracked.filter((field) =>
    inWindow(user.propSeq[field as keyof SandboxUser['propSeq']]),
  );
  if (changed.length === 0) return null;
  const minimal = /return=minimal/i.test(String(ctx.req.headers.prefer ?? ''));
  const entry: Record<string, unknown> = { id: user.id };
  for (const field of minimal ? changed : tracked) {
    const value = userField(ctx.tenant, user, field);
    if (value !== null && value !== undefined) entry[field] = value;
    else if (minimal) entry[field] = null;
  }
  return entry;
}

function delta(ctx: GraphContext) {
  const { tenant, req } = ctx;
  const path = `${ctx.origin}/${ctx.version}/users/delta`;
  const token = req.query.get('$deltatoken');
  const resuming = req.query.has('$skiptoken') || (token !== null && token !== 'latest');
  const cursor = resuming ? resumeCursor(ctx, tenant) : startCursor(ctx);
  const quirks = tenant.settings.deltaQuirks;
  if (quirks.emptyPages && !cursor.padded && cursor.i !== Number.MAX_SAFE_INTEGER)
    return json(200, {
      '@odata.context': `${ctx.origin}/${ctx.version}/$metadata#users`,
      '@odata.nextLink': `${path}?$skiptoken=${encodeToken({ ...cursor, padded: true })}`,
      value: [],
    });

  const { page: value, next } = takePage(
    tenant.userList,
    cursor.i,
    tenant.settings.deltaPageSize,
    (user) => deltaEntry(ctx, user, cursor),
  );

  const body: Record<string, unknown> = {
    '@odata.context': `${ctx.origin}/${ctx.version}/$metadata#users`,
  };
  if (next !== null) {
    // The repeatUsers quirk starts the next page one user early, so that user comes twice.
    const from = quirks.repeatUsers && next - 1 > cursor.i ? next - 1 : next;
    body['@odata.nextLink'] =
      `${path}?$skiptoken=${encodeToken({ ...cursor, i: from, padded: false })}`;
  } else {
    body['@odata.deltaLink'] =
      `${path}?$deltatoken=${encodeToken({ ...cursor, i: 0, padded: false })}`;
  }
  body.value = value;
  return json(200, body);
}

export function deltaRoutes(permissions: string[]): GraphRoute[] {
  return ['/users/delta', '/users/microsoft.graph.delta()'].map((template) => ({
    method: 'GET',
    template,
    permissions,
    cost: READ_COST(2),
    handle: delta,
  }));
}
