import type { Storage } from '../storage/storage.js';
import type { ActiveKey } from '../storage/types.js';

/**
 * Public key → project and rate limit, held in memory so authenticating and limiting a request cost
 * no query. Refreshed on a timer (changes made by another process show up within `refreshMs`; this
 * process's API reloads it at once), and on a miss at most once a quarter of a second so unknown keys
 * cannot hammer the database.
 */
export class ProjectKeyCache {
  private keys = new Map<string, ActiveKey>();
  private lastLoad = 0;
  private loading: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly storage: Storage,
    private readonly refreshMs = 5_000,
  ) {}

  async start(): Promise<void> {
    await this.reload();
    this.timer = setInterval(() => void this.reload().catch(() => undefined), this.refreshMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** An active key with its project and rate limit, or null. */
  async lookup(publicKey: string): Promise<ActiveKey | null> {
    const hit = this.keys.get(publicKey);
    if (hit !== undefined) return hit;
    if (Date.now() - this.lastLoad > 250) await this.reload();
    return this.keys.get(publicKey) ?? null;
  }

  /**
   * Reloads after a change made through this process's API, so it applies to the next request. A load
   * already running may have read the state from before the change, so a fresh one follows it.
   */
  refresh(): Promise<void> {
    const running = this.loading;
    return running ? running.catch(() => undefined).then(() => this.reload()) : this.reload();
  }

  /** Reloads every active key; concurrent callers share one query. */
  reload(): Promise<void> {
    this.loading ??= (async () => {
      try {
        const rows = await this.storage.listActiveKeys();
        this.keys = new Map(rows.map((r) => [r.publicKey, r]));
        this.lastLoad = Date.now();
      } finally {
        this.loading = null;
      }
    })();
    return this.loading;
  }
}
