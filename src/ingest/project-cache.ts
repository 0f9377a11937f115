import type { Storage } from '../storage/storage.js';

/**
 * Public key → project id, held in memory so authenticating a request costs no query. Refreshed on a
 * timer (changes made by another process show up within `refreshMs`), and on a miss at most once a
 * quarter of a second so unknown keys cannot hammer the database.
 */
export class ProjectKeyCache {
  private keys = new Map<string, number>();
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

  /** The project id for an active key, or null. */
  async lookup(publicKey: string): Promise<number | null> {
    const hit = this.keys.get(publicKey);
    if (hit !== undefined) return hit;
    if (Date.now() - this.lastLoad > 250) await this.reload();
    return this.keys.get(publicKey) ?? null;
  }

  /** Reloads every active key; concurrent callers share one query. */
  reload(): Promise<void> {
    this.loading ??= (async () => {
      try {
        const rows = await this.storage.listActiveKeys();
        this.keys = new Map(rows.map((r) => [r.publicKey, r.projectId]));
        this.lastLoad = Date.now();
      } finally {
        this.loading = null;
      }
    })();
    return this.loading;
  }
}
