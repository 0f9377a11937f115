import { hourOf } from '../storage/event-body.js';
import type { Storage } from '../storage/storage.js';
import type { OutcomeRow } from '../storage/types.js';

/**
 * Counts where items went (Relay's outcomes) in memory and writes them out every few seconds: one row
 * per project, hour, outcome, category and reason, so the operator can see every drop and its cause.
 */
export class OutcomeCounter {
  private counts = new Map<string, OutcomeRow>();
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly storage: Storage) {}

  /** Adds `quantity` items to a counter. */
  add(
    projectId: number | null,
    outcome: OutcomeRow['outcome'],
    category: string,
    reason: string,
    quantity = 1,
  ): void {
    const hour = hourOf(Date.now());
    const key = `${projectId ?? 0}|${hour}|${outcome}|${category}|${reason}`;
    const row = this.counts.get(key);
    if (row) row.quantity += quantity;
    else this.counts.set(key, { projectId, hour, outcome, category, reason, quantity });
  }

  start(intervalMs = 5_000): void {
    this.timer = setInterval(() => void this.flush().catch(() => undefined), intervalMs);
    this.timer.unref();
  }

  /** Writes the counters out and starts new ones. */
  async flush(): Promise<void> {
    if (this.counts.size === 0) return;
    const rows = [...this.counts.values()];
    this.counts = new Map();
    await this.storage.addOutcomes(rows);
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.flush();
  }
}
