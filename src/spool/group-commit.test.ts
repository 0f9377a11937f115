import { describe, expect, it } from 'vitest';
import { GroupCommit } from './group-commit.js';

describe('GroupCommit', () => {
  it('writes concurrent additions in few batches and resolves each after its write', async () => {
    const batches: number[][] = [];
    const gc = new GroupCommit<number>((items) => {
      batches.push(items);
    });
    await Promise.all(Array.from({ length: 500 }, (_, i) => gc.add(i)));
    expect(batches.flat()).toEqual(Array.from({ length: 500 }, (_, i) => i));
    expect(batches.length).toBeLessThanOrEqual(2);
  });

  it('rejects the whole batch when the write fails, and keeps working after', async () => {
    let fail = true;
    const gc = new GroupCommit<number>(() => {
      if (fail) throw new Error('disk full');
    });
    await expect(Promise.all([gc.add(1), gc.add(2)])).rejects.toThrow('disk full');
    fail = false;
    await expect(gc.add(3)).resolves.toBeUndefined();
  });

  it('refuses additions beyond the backlog limit', async () => {
    const gc = new GroupCommit<number>(async () => new Promise((r) => setTimeout(r, 20)), 2);
    const first = [gc.add(1), gc.add(2)];
    await expect(gc.add(3)).rejects.toThrow('full');
    await Promise.all(first);
  });
});
