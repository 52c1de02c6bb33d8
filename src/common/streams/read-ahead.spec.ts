import { readAhead } from './read-ahead';

/** A source that records when each item is asked for and when the source is closed. */
function recordingSource(items: number[], failAt?: number) {
  const events: string[] = [];
  async function* source() {
    try {
      for (const [i, item] of items.entries()) {
        events.push(`fetch ${item}`);
        await new Promise((resolve) => setTimeout(resolve, 1));
        if (i === failAt) throw new Error(`page ${item} failed`);
        yield item;
      }
    } finally {
      events.push('closed');
    }
  }
  return { events, source: source() };
}

describe('readAhead', () => {
  it('fetches the next item while the caller works on the current one', async () => {
    const { events, source } = recordingSource([1, 2, 3]);
    for await (const item of readAhead(source)) events.push(`store ${item}`);
    // The source is asked for what follows 3 (and so ends) while 3 is being stored.
    expect(events).toEqual([
      'fetch 1',
      'fetch 2',
      'store 1',
      'fetch 3',
      'store 2',
      'closed',
      'store 3',
    ]);
  });

  it("raises the source's error where its item would have come, after the items before it", async () => {
    const { events, source } = recordingSource([1, 2, 3], 1);
    const stored: number[] = [];
    await expect(
      (async () => {
        for await (const item of readAhead(source)) stored.push(item);
      })(),
    ).rejects.toThrow('page 2 failed');
    expect(stored).toEqual([1]);
    expect(events).toContain('closed');
  });

  it('closes the source when the caller stops early', async () => {
    const { events, source } = recordingSource([1, 2, 3]);
    for await (const item of readAhead(source)) if (item === 1) break;
    expect(events).toEqual(['fetch 1', 'fetch 2', 'closed']);
  });
});
