import { describe, expect, it } from 'vitest';
import { TurnQueue } from '../../server/src/sockets/turn-queue';

/** Holds the thread, as building and encoding a long replay does. */
function busy(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end);
}

describe('TurnQueue', () => {
  it('lets callers through in order, one per turn, with other work served between them', async () => {
    const queue = new TurnQueue();
    const order: string[] = [];
    const timer = new Promise<void>((resolve) =>
      setTimeout(() => {
        order.push('timer');
        resolve();
      }, 1),
    );
    const callers = ['a', 'b', 'c'].map(async (name) => {
      await queue.next();
      order.push(name);
      busy(20);
    });
    await Promise.all([...callers, timer]);
    expect(order.filter((o) => o !== 'timer')).toEqual(['a', 'b', 'c']);
    // The timer was due while 'a' held the thread: it runs before 'b', not after the crowd.
    expect(order.indexOf('timer')).toBeLessThan(order.indexOf('b'));
  });

  it('keeps serving callers that ask while others wait', async () => {
    const queue = new TurnQueue();
    const order: number[] = [];
    await Promise.all(
      [1, 2].map(async (n) => {
        await queue.next();
        order.push(n);
        if (n === 1) {
          await queue.next();
          order.push(3);
        }
      }),
    );
    expect(order).toEqual([1, 2, 3]);
  });
});
