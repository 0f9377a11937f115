/**
 * Group commit: requests that arrive while the previous batch is being made durable share the next
 * write, so a thousand concurrent requests cost a handful of fsyncs rather than a thousand.
 */
export class GroupCommit<T> {
  private pending: Array<{ item: T; resolve: () => void; reject: (err: unknown) => void }> = [];
  private scheduled = false;
  private writing = false;

  /**
   * @param write makes a batch durable; may be synchronous (SQLite) or asynchronous (PostgreSQL).
   * @param maxPending items allowed to wait at once; beyond that `add` refuses (the edge answers 503).
   */
  constructor(
    private readonly write: (items: T[]) => void | Promise<void>,
    private readonly maxPending = 20_000,
    private readonly maxBatch = 2_000,
  ) {}

  /** Number of items waiting to be written. */
  get backlog(): number {
    return this.pending.length;
  }

  /** Resolves once `item` is durable; rejects if the write failed or the queue is full. */
  add(item: T): Promise<void> {
    if (this.pending.length >= this.maxPending) {
      return Promise.reject(new Error('spool write queue is full'));
    }
    return new Promise((resolve, reject) => {
      this.pending.push({ item, resolve, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled || this.writing) return;
    this.scheduled = true;
    // setImmediate, not a timer: it lets every request already read in this loop turn join the batch
    // without adding latency when the server is idle.
    setImmediate(() => {
      this.scheduled = false;
      void this.flush();
    });
  }

  private async flush(): Promise<void> {
    if (this.writing || this.pending.length === 0) return;
    this.writing = true;
    const batch = this.pending.splice(0, this.maxBatch);
    try {
      await this.write(batch.map((p) => p.item));
      for (const p of batch) p.resolve();
    } catch (err) {
      for (const p of batch) p.reject(err);
    } finally {
      this.writing = false;
      if (this.pending.length > 0) this.schedule();
    }
  }

  /** Writes everything still waiting (used on shutdown). */
  async drain(): Promise<void> {
    while (this.pending.length > 0 || this.writing) {
      if (!this.writing) await this.flush();
      else await new Promise((r) => setImmediate(r));
    }
  }
}
