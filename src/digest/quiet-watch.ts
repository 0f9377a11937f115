/**
 * Tells an extra digest thread when it is no longer needed: over a window of 30 s it was busy less than
 * a third of the time, so its shard and its sibling's together would fit one thread with room to spare.
 * The margin keeps a load near one thread's capacity from starting and retiring a thread over and over.
 */
export class QuietWatch {
  private windowStart: number;
  private busyMs = 0;

  constructor(
    private readonly windowMs = 30_000,
    private readonly busyShare = 1 / 3,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.windowStart = now();
  }

  /** Adds one batch's busy time; true once a whole window has passed quiet enough. */
  add(busyMs: number): boolean {
    this.busyMs += busyMs;
    const elapsed = this.now() - this.windowStart;
    if (elapsed < this.windowMs) return false;
    const quiet = this.busyMs / elapsed < this.busyShare;
    this.windowStart = this.now();
    this.busyMs = 0;
    return quiet;
  }
}
