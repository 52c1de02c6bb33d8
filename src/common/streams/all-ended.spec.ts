import { allEnded } from './all-ended';

describe('allEnded', () => {
  it('answers every result in order', async () => {
    expect(await allEnded([Promise.resolve(1), Promise.resolve(2)])).toEqual([1, 2]);
  });

  it('fails with the first failure only once the rest has ended', async () => {
    let slowEnded = false;
    const slow = new Promise<number>((resolve) =>
      setTimeout(() => {
        slowEnded = true;
        resolve(3);
      }, 30),
    );
    await expect(
      allEnded([Promise.reject(new Error('first')), slow, Promise.reject(new Error('second'))]),
    ).rejects.toThrow('first');
    expect(slowEnded).toBe(true);
  });
});
