import { describe, expect, it } from 'vitest';
import { QuietWatch } from './quiet-watch.js';

describe('QuietWatch', () => {
  it('says quiet only after a whole window busy less than the share', () => {
    let now = 0;
    const watch = new QuietWatch(1_000, 1 / 3, () => now);
    now = 500;
    expect(watch.add(100)).toBe(false); // half a window: too early to tell
    now = 1_000;
    expect(watch.add(100)).toBe(true); // 200 ms busy of 1,000
  });

  it('keeps a thread that was busy, and judges each window afresh', () => {
    let now = 0;
    const watch = new QuietWatch(1_000, 1 / 3, () => now);
    now = 1_000;
    expect(watch.add(400)).toBe(false); // 40 % busy
    now = 2_000;
    expect(watch.add(300)).toBe(true); // the next window alone: 30 %
  });
});
