/**
 * The same items regrouped into batches of at least `size` (the last may be smaller), keeping
 * order: a directory read pages in the hundreds but stores tens of thousands per transaction,
 * since every commit writes each index page it touched, and keys from a directory are random.
 */
export async function* inBatches<T>(pages: AsyncIterable<T[]>, size: number): AsyncGenerator<T[]> {
  let batch: T[] = [];
  for await (const page of pages) {
    for (const item of page) batch.push(item);
    if (batch.length >= size) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}
