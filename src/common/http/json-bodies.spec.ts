import { depthAtMost } from './json-bodies';

describe('depthAtMost', () => {
  const nested = (levels: number) => {
    let value: unknown = 1;
    for (let i = 0; i < levels; i++) value = i % 2 ? [value] : { a: value };
    return value;
  };

  it('counts objects and arrays alike, scalars as no level', () => {
    expect(depthAtMost(null, 0)).toBe(true);
    expect(depthAtMost('text', 0)).toBe(true);
    expect(depthAtMost({}, 0)).toBe(false);
    expect(depthAtMost(nested(32), 32)).toBe(true);
    expect(depthAtMost(nested(33), 32)).toBe(false);
  });

  it('walks a million levels without overflowing the stack', () => {
    expect(depthAtMost(nested(1_000_000), 32)).toBe(false);
    expect(depthAtMost({ wide: Array.from({ length: 10_000 }, () => ({ x: [1] })) }, 4)).toBe(true);
  });
});
