/**
 * One page from `start`: up to `size` entries that `pick` turns an item into (null skips it), and
 * the index the next page starts at, or null at the end. It looks past the page, so the last page
 * carries no next link and a client never pays for an empty page.
 */
export function takePage<T, R>(
  items: readonly T[],
  start: number,
  size: number,
  pick: (item: T) => R | null,
): { page: R[]; next: number | null } {
  const page: R[] = [];
  let index = start;
  for (; index < items.length && page.length < size; index++) {
    const entry = pick(items[index]);
    if (entry !== null) page.push(entry);
  }
  while (index < items.length && pick(items[index]) === null) index++;
  return { page, next: index < items.length ? index : null };
}
