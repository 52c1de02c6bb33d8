import { badRequest, unsupportedQuery } from './graph-errors';

export interface OrderBy {
  field: string;
  descending: boolean;
}

/**
 * `$orderby=field [asc|desc], …`: null without it; a field not in `sortable` is refused as
 * Graph refuses it ("Sorting not supported for current query.").
 */
export function parseOrderBy(
  query: URLSearchParams,
  sortable: readonly string[],
): OrderBy[] | null {
  const raw = query.get('$orderby');
  if (raw === null) return null;
  return raw.split(',').map((part) => {
    const match = /^\s*([\w/]+)(?:\s+(asc|desc))?\s*$/i.exec(part);
    if (!match) throw badRequest(`Syntax error in '$orderby': '${part.trim()}'.`);
    if (!sortable.includes(match[1]))
      throw unsupportedQuery('Sorting not supported for current query.');
    return { field: match[1], descending: match[2]?.toLowerCase() === 'desc' };
  });
}

/** A stable sort of `items` by the clauses, reading each field with `read` (nulls first). */
export function sortBy<T>(
  items: readonly T[],
  order: OrderBy[],
  read: (item: T, field: string) => unknown,
): T[] {
  const text = (value: unknown) =>
    value === null || value === undefined ? '' : String(value).toLowerCase();
  return [...items].sort((a, b) => {
    for (const { field, descending } of order) {
      const left = text(read(a, field));
      const right = text(read(b, field));
      if (left !== right) return (left < right ? -1 : 1) * (descending ? -1 : 1);
    }
    return 0;
  });
}

/** `$expand=a,b`: the navigation properties asked for; any other name is refused. */
export function parseExpand(
  query: URLSearchParams,
  navigable: readonly string[],
  type: string,
): string[] {
  const raw = query.get('$expand');
  if (raw === null) return [];
  return raw.split(',').map((part) => {
    const name = part.trim().split('(')[0];
    if (!navigable.includes(name))
      throw badRequest(`Could not find a navigation property named '${name}' on type '${type}'.`);
    return name;
  });
}

/**
 * `$search="property:words"` clauses joined by AND/OR, as directory objects take them: each word of
 * the value must start a word of the property (tokenized prefix match, case-insensitive).
 */
export function parseSearch(
  query: URLSearchParams,
  searchable: readonly string[],
): ((read: (field: string) => unknown) => boolean) | null {
  const raw = query.get('$search');
  if (raw === null) return null;
  const parts = raw.split(/\s+(AND|OR)\s+/);
  const clauses: { field: string; words: string[] }[] = [];
  const joins: string[] = [];
  parts.forEach((part, i) => {
    if (i % 2 === 1) return void joins.push(part);
    const match = /^"([\w]+):([^"]*)"$/.exec(part.trim());
    if (!match)
      throw badRequest(
        `Syntax error: character '${part.trim()[0] ?? ''}' is not valid at position 0 in '${raw}'.`,
      );
    if (!searchable.includes(match[1])) throw unsupportedQuery();
    clauses.push({ field: match[1], words: tokens(match[2]) });
  });
  return (read) => {
    const results = clauses.map(({ field, words }) => {
      const have = tokens(String(read(field) ?? ''));
      return words.every((w) => have.some((h) => h.startsWith(w)));
    });
    return results
      .slice(1)
      .reduce((acc, r, i) => (joins[i] === 'OR' ? acc || r : acc && r), results[0]);
  };
}

const tokens = (text: string) =>
  text
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
