import { retryAfterMs, ThrottleGate } from './throttle-gate';

describe('the throttle gate', () => {
  it('holds every caller until the longest pause asked for has passed', async () => {
    const gate = new ThrottleGate();
    gate.pause(120);
    gate.pause(40);
    const started = Date.now();
    await Promise.all([gate.wait(), gate.wait()]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(115);
  });

  it('lets callers through at once while open', async () => {
    const started = Date.now();
    await new ThrottleGate().wait();
    expect(Date.now() - started).toBeLessThan(20);
  });

  it.each([
    ['3', 3000],
    ['0', 1000],
    [null, 1000],
    ['soon', 1000],
  ])('reads Retry-After %s as %i ms', (value, ms) => {
    expect(retryAfterMs(value)).toBe(ms);
  });
});
