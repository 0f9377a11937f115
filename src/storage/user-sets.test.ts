import { describe, expect, it } from 'vitest';
import { limitOf, UserMaxima, userNumber } from './user-sets.js';

describe('user numbers', () => {
  it('are whole numbers below 2^53, the same for the same key and different for others', () => {
    const a = userNumber('id:1');
    expect(Number.isSafeInteger(a)).toBe(true);
    expect(a).toBeGreaterThanOrEqual(0);
    expect(userNumber('id:1')).toBe(a);
    const many = new Set(Array.from({ length: 10_000 }, (_, i) => userNumber(`id:${i}`)));
    expect(many.size).toBe(10_000);
  });
});

describe('UserMaxima', () => {
  it('counts distinct users and keeps each one’s largest duration and LCP', () => {
    const users = new UserMaxima();
    users.add(userNumber('a'), 100, null);
    users.add(userNumber('a'), 900, 1_500);
    users.add(userNumber('a'), 200, 800);
    users.add(userNumber('b'), 400, null);
    expect(users.size).toBe(2);
    expect(users.slowerThan({ ms: 500, metric: 'duration' })).toBe(1);
    expect(users.slowerThan({ ms: 300, metric: 'duration' })).toBe(2);
    // b has no LCP: never slower than an LCP limit.
    expect(users.slowerThan({ ms: 1_000, metric: 'lcp' })).toBe(1);
    expect(users.slowerThan({ ms: 0, metric: 'lcp' })).toBe(1);
  });

  it('grows past its first table and merges packed sets as it merges users', () => {
    const first = new UserMaxima();
    const second = new UserMaxima();
    const all = new UserMaxima();
    for (let i = 0; i < 1_000; i++) {
      const [d1, d2] = [i % 97, (i * 7) % 101];
      first.add(userNumber(`u${i}`), d1, i % 3 ? i : null);
      second.add(userNumber(`u${i + 500}`), d2, null);
      all.add(userNumber(`u${i}`), d1, i % 3 ? i : null);
      all.add(userNumber(`u${i + 500}`), d2, null);
    }
    const merged = new UserMaxima();
    merged.addPacked(first.pack());
    merged.addPacked(second.pack());
    expect(merged.size).toBe(1_500);
    expect(merged.size).toBe(all.size);
    for (const ms of [0, 50, 90, 100]) {
      expect(merged.slowerThan({ ms, metric: 'duration' })).toBe(all.slowerThan({ ms, metric: 'duration' }));
    }
    expect(merged.slowerThan({ ms: 600, metric: 'lcp' })).toBe(all.slowerThan({ ms: 600, metric: 'lcp' }));
    // Same users, same bytes, whatever the order they were added in.
    expect(Buffer.compare(merged.pack(), all.pack())).toBe(0);
  });

  it('reads a packed set from bytes at any offset, as a driver may hand them', () => {
    const users = new UserMaxima();
    users.add(userNumber('x'), 10, 20);
    const packed = users.pack();
    const shifted = Buffer.alloc(packed.length + 3);
    packed.copy(shifted, 3);
    const read = new UserMaxima();
    read.addPacked(shifted.subarray(3));
    expect(read.size).toBe(1);
    expect(read.slowerThan({ ms: 15, metric: 'lcp' })).toBe(1);
  });
});

describe('limitOf', () => {
  it('takes the transaction’s limit, else its project’s, else the fallback', () => {
    const table = {
      fallback: { ms: 300, metric: 'duration' as const },
      projects: [{ projectId: 1, threshold: { ms: 500, metric: 'duration' as const } }],
      transactions: [{ projectId: 1, name: '/a', threshold: { ms: 900, metric: 'lcp' as const } }],
    };
    expect(limitOf(table, 1, '/a')).toEqual({ ms: 900, metric: 'lcp' });
    expect(limitOf(table, 1, '/b')).toEqual({ ms: 500, metric: 'duration' });
    expect(limitOf(table, 2, '/a')).toEqual({ ms: 300, metric: 'duration' });
    expect(limitOf(1_200, 2, '/a')).toEqual({ ms: 1_200, metric: 'duration' });
  });
});
