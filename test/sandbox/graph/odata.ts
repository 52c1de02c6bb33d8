import { badRequest, unsupportedQuery } from './graph-errors';

/** `$select`, `$top`, `$filter` and opaque paging tokens, as far as the sandbox's callers use them. */

export function parseSelect(
  query: URLSearchParams,
  known: readonly string[],
  type = 'microsoft.graph.user',
): string[] | null {
  const raw = query.get('$select');
  if (!raw) return null;
  const fields = raw
    .split(',')
    .map((f) => f.trim())
    .filter(Boolean);
  for (const field of fields) {
    if (!known.includes(field)) {
      throw badRequest(`Could not find a property named '${field}' on type '${type}'.`);
    }
  }
  return fields;
}

/** An entity with `id` and the selected properties only (all of them without `$select`). */
export function selected<T extends { id: string }>(entity: T, select: string[] | null): Partial<T> {
  if (!select) return entity;
  return Object.fromEntries(
    Object.entries(entity).filter(([key]) => key === 'id' || select.includes(key)),
  ) as Partial<T>;
}

export function parseTop(query: URLSearchParams, fallback: number, max: number): number {
  const raw = query.get('$top');
  if (raw === null) return fallback;
  const top = Number(raw);
  if (!Number.isInteger(top) || top < 1 || top > max) {
    throw badRequest(
      `Invalid page size specified: '${raw}'. Must be between 1 and ${max} inclusive.`,
    );
  }
  return top;
}

export type FilterClause =
  | { kind: 'eq'; field: string; value: string | boolean | null }
  | { kind: 'startswith'; field: string; value: string };

/** Clauses joined by `and`: `field eq 'text'`, `field eq true|false|null`, `startswith(field,'text')`. */
export function parseFilter(raw: string | null, fields: readonly string[]): FilterClause[] {
  if (!raw) return [];
  return raw.split(/\s+and\s+/i).map((part) => {
    const eq = /^\s*([\w/]+)\s+eq\s+(?:'((?:[^']|'')*)'|(true|false|null))\s*$/i.exec(part);
    if (eq && fields.includes(eq[1])) {
      const literal = eq[3]?.toLowerCase();
      const value =
        eq[2] !== undefined
          ? eq[2].replace(/''/g, "'")
          : literal === 'null'
            ? null
            : literal === 'true';
      return { kind: 'eq', field: eq[1], value };
    }
    const starts = /^\s*startswith\(\s*([\w/]+)\s*,\s*'((?:[^']|'')*)'\s*\)\s*$/i.exec(part);
    if (starts && fields.includes(starts[1])) {
      return { kind: 'startswith', field: starts[1], value: starts[2].replace(/''/g, "'") };
    }
    throw unsupportedQuery();
  });
}

export function matchesFilter(record: Record<string, unknown>, clauses: FilterClause[]): boolean {
  return clauses.every((clause) => {
    const actual = record[clause.field];
    if (clause.kind === 'startswith') {
      return (
        typeof actual === 'string' && actual.toLowerCase().startsWith(clause.value.toLowerCase())
      );
    }
    if (typeof actual === 'string' && typeof clause.value === 'string') {
      return actual.toLowerCase() === clause.value.toLowerCase();
    }
    return (actual ?? null) === clause.value;
  });
}

export function encodeToken(state: object): string {
  return Buffer.from(JSON.stringify(state)).toString('base64url');
}

export function decodeToken<T>(token: string): T {
  try {
    return JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as T;
  } catch {
    throw badRequest('The page token is not valid.', 'Request_BadRequest');
  }
}

/** A link back to the same path with one query parameter replaced (nextLink, deltaLink). */
export function linkWith(
  origin: string,
  path: string,
  query: URLSearchParams,
  set: Record<string, string>,
  drop: string[] = [],
): string {
  const params = new URLSearchParams(query);
  for (const name of [...drop, ...Object.keys(set)]) params.delete(name);
  for (const [name, value] of Object.entries(set)) params.set(name, value);
  const search = Array.from(params.entries())
    .map(([k, v]) => `${k}=${encodeURIComponent(v)}`)
    .join('&');
  return `${origin}${path}${search ? `?${search}` : ''}`;
}
