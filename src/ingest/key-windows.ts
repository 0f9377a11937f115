import type { KeyRateLimit } from '../storage/types.js';

/** One key's current window; mutated in place, so a busy limited key allocates nothing per request. */
interface WindowState {
  /** When the window began (ms): at the first event after the previous window ended. */
  start: number;
  /** Events accepted in it. */
  count: number;
  /** After a refusal in this window: until when the limit is announced to clients (ms), else 0. */
  refusedUntil: number;
}

/** Whole seconds from `now` until `until`, at least 1: a client told "0" would retry at once. */
const secondsUntil = (until: number, now: number): number => Math.max(1, Math.ceil((until - now) / 1000));

/**
 * Fixed-window counters of the events each rate-limited key had accepted, in this process's memory.
 *
 * A window opens with the first event after the previous one closed, rather than on clock boundaries
 * (Sentry aligns them to the clock): either way at most `count` events are accepted per window, and
 * anchoring makes "the first `count` events pass" hold however the window falls on the clock, which
 * is what an operator reading the settings expects and what a test can check. Only keys with a limit
 * get a counter, so unlimited keys cost nothing here; the map holds one small entry per limited key.
 *
 * Per process: with several ingest processes each one counts its own share (see the README).
 */
export class KeyWindows {
  private readonly windows = new Map<string, WindowState>();

  /**
   * Counts `quantity` events of `key` against its limit. Returns 0 when they fit (they are counted),
   * otherwise the seconds until the window closes (nothing is counted: a refused event uses no quota).
   */
  take(key: string, limit: KeyRateLimit, quantity: number, now: number): number {
    const windowMs = limit.window * 1000;
    let w = this.windows.get(key);
    if (w === undefined) {
      w = { start: now, count: 0, refusedUntil: 0 };
      this.windows.set(key, w);
    } else if (now >= w.start + windowMs || now < w.start) {
      // The window closed (or the clock went back): a new one opens with this event.
      w.start = now;
      w.count = 0;
      w.refusedUntil = 0;
    }
    if (w.count + quantity <= limit.count) {
      w.count += quantity;
      return 0;
    }
    w.refusedUntil = w.start + windowMs;
    return secondsUntil(w.refusedUntil, now);
  }

  /** Gives back events `take` counted that were not accepted after all (the spool refused them). */
  refund(key: string, quantity: number): void {
    const w = this.windows.get(key);
    if (w !== undefined) w.count = Math.max(0, w.count - quantity);
  }

  /**
   * Seconds a refusal in the key's current window still applies, 0 when there was none. Responses
   * that carried no limited item announce it too, as Relay announces the limits it has cached, so
   * an SDK learns of it on whatever it sends next. The window is measured with the key's current
   * setting, which may have been shortened since the refusal.
   */
  refusedFor(key: string, limit: KeyRateLimit, now: number): number {
    const w = this.windows.get(key);
    if (w === undefined || w.refusedUntil <= now) return 0;
    const end = Math.min(w.refusedUntil, w.start + limit.window * 1000);
    return end > now ? secondsUntil(end, now) : 0;
  }
}
