import { inBatches } from './batches';

async function* pagesOf(...pages: number[][]) {
  for (const page of pages) yield page;
}

async function collect<T>(source: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of source) out.push(item);
  return out;
}

describe('inBatches', () => {
  it('joins pages until a batch holds at least the size, keeping order', async () => {
    const batches = await collect(inBatches(pagesOf([1, 2], [3], [4, 5, 6], [7]), 3));
    expect(batches).toEqual([[1, 2, 3], [4, 5, 6], [7]]);
  });

  it('passes a page larger than the size whole and gives nothing for no items', async () => {
    expect(await collect(inBatches(pagesOf([1, 2, 3, 4, 5]), 2))).toEqual([[1, 2, 3, 4, 5]]);
    expect(await collect(inBatches(pagesOf([], []), 2))).toEqual([]);
  });

  it('surfaces the source failing after the batches before it', async () => {
    async function* failing() {
      yield [1, 2];
      throw new Error('page 2 failed');
    }
    const seen: number[][] = [];
    await expect(
      (async () => {
        for await (const batch of inBatches(failing(), 2)) seen.push(batch);
      })(),
    ).rejects.toThrow('page 2 failed');
    expect(seen).toEqual([[1, 2]]);
  });
});
