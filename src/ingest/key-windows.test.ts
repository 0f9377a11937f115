import { describe, expect, it } from 'vitest';
import { KeyWindows } from './key-windows.js';

describe('KeyWindows', () => {
  const limit = { count: 3, window: 60 };
  const t0 = 1_700_000_000_000;

  it('accepts the first count events of a window and refuses the rest until it closes', () => {
    const w = new KeyWindows();
    expect([1, 2, 3].map((i) => w.take('k', limit, 1, t0 + i))).toEqual([0, 0, 0]);
    // The window opened with the first event (t0 + 1) and closes 60 s later.
    expect(w.take('k', limit, 1, t0 + 4)).toBe(60);
    expect(w.take('k', limit, 1, t0 + 30_001)).toBe(30);
    expect(w.take('k', limit, 1, t0 + 60_000)).toBe(1);
  });

  it('opens a new window with the first event after the old one closed', () => {
    const w = new KeyWindows();
    for (let i = 0; i < 3; i++) w.take('k', limit, 1, t0);
    expect(w.take('k', limit, 1, t0 + 59_999)).toBeGreaterThan(0);
    expect(w.take('k', limit, 1, t0 + 60_000)).toBe(0);
    expect(w.take('k', limit, 2, t0 + 60_500)).toBe(0);
    expect(w.take('k', limit, 1, t0 + 61_000)).toBe(59); // the new window opened at t0 + 60 s
  });

  it('does not count refused events against the window', () => {
    const w = new KeyWindows();
    expect(w.take('k', limit, 2, t0)).toBe(0);
    expect(w.take('k', limit, 2, t0)).toBe(60); // two do not fit in the one left
    expect(w.take('k', limit, 1, t0)).toBe(0); // but one does
  });

  it('keeps each key apart', () => {
    const w = new KeyWindows();
    for (let i = 0; i < 3; i++) w.take('a', limit, 1, t0);
    expect(w.take('a', limit, 1, t0)).toBeGreaterThan(0);
    expect(w.take('b', limit, 1, t0)).toBe(0);
  });

  it('gives back refunded events', () => {
    const w = new KeyWindows();
    for (let i = 0; i < 3; i++) w.take('k', limit, 1, t0);
    w.refund('k', 1);
    expect(w.take('k', limit, 1, t0)).toBe(0);
    expect(w.take('k', limit, 1, t0)).toBeGreaterThan(0);
    w.refund('unknown', 5); // nothing to give back to
  });

  it('announces a refusal until its window closes, and only after one happened', () => {
    const w = new KeyWindows();
    for (let i = 0; i < 3; i++) w.take('k', limit, 1, t0);
    // Full, but nothing refused yet: the next event may still be the one that fits after a change.
    expect(w.refusedFor('k', limit, t0 + 10)).toBe(0);
    w.take('k', limit, 1, t0 + 10);
    expect(w.refusedFor('k', limit, t0 + 10)).toBe(60);
    expect(w.refusedFor('k', limit, t0 + 59_500)).toBe(1);
    expect(w.refusedFor('k', limit, t0 + 60_000)).toBe(0);
    // A window shortened since the refusal ends the announcement sooner.
    w.take('k', limit, 5, t0 + 60_000);
    expect(w.refusedFor('k', { count: 3, window: 10 }, t0 + 65_000)).toBe(5);
    expect(w.refusedFor('other', limit, t0)).toBe(0);
  });

  it('starts over when the clock goes back', () => {
    const w = new KeyWindows();
    for (let i = 0; i < 4; i++) w.take('k', limit, 1, t0);
    expect(w.take('k', limit, 1, t0 - 5_000)).toBe(0);
  });
});
