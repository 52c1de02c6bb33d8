/**
 * Waits for every piece of work to end, then fails with the first failure, if any: unlike
 * Promise.all, nothing is still writing behind an error that has gone up.
 */
export async function allEnded<T>(work: Promise<T>[]): Promise<T[]> {
  const ended = await Promise.allSettled(work);
  const failed = ended.find((e): e is PromiseRejectedResult => e.status === 'rejected');
  if (failed) throw failed.reason;
  return ended.map((e) => (e as PromiseFulfilledResult<T>).value);
}
