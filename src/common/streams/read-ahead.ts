/**
 * The same items, with the next one already being fetched while the caller works on the current
 * one: a directory read fetches its next page while it stores the last. One item at most waits;
 * the source's error surfaces where its item would have, and stopping early closes the source.
 */
export async function* readAhead<T>(source: AsyncIterable<T>): AsyncGenerator<T> {
  const iterator = source[Symbol.asyncIterator]();
  let next = iterator.next();
  // A fetch that fails while the caller is busy is seen when its turn comes, not as unhandled.
  next.catch(() => undefined);
  let done = false;
  try {
    for (;;) {
      const result = await next;
      if (result.done) {
        done = true;
        return;
      }
      next = iterator.next();
      next.catch(() => undefined);
      yield result.value;
    }
  } finally {
    if (!done)
      await next.then(
        () => iterator.return?.(),
        () => undefined,
      );
  }
}
