import { endStateOf } from './run-state';

describe('how a run that applied its items ends', () => {
  it.each([
    [{ succeeded: 122, unchanged: 0, failed: 0 }, 'succeeded'],
    [{ succeeded: 0, unchanged: 40, failed: 0 }, 'succeeded'],
    [{ succeeded: 0, unchanged: 0, failed: 0 }, 'succeeded'],
    [{ succeeded: 121, unchanged: 0, failed: 1 }, 'partially_failed'],
    [{ succeeded: 0, unchanged: 3, failed: 1 }, 'partially_failed'],
    [{ succeeded: 0, unchanged: 0, failed: 5 }, 'failed'],
  ])('%o ends %s', (items, state) => {
    expect(endStateOf(items)).toBe(state);
  });
});
