import type { Logger } from 'pino';
import { LocalJobLock, type JobLock } from './job-lock.js';

/**
 * A job that runs soon after start and then on an interval, in whichever single process holds its
 * lock; a run never overlaps the previous one, and a failed run is logged and tried again next time.
 */
export abstract class PeriodicJob {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;

  constructor(
    private readonly name: string,
    protected readonly log: Logger,
    private readonly lock: JobLock = new LocalJobLock(),
  ) {}

  /** One run's work. */
  protected abstract work(now: number): Promise<void>;

  start(intervalMs: number, firstAfterMs = 10_000): void {
    this.timer = setInterval(() => void this.runOnce(), intervalMs);
    this.timer.unref();
    setTimeout(() => void this.runOnce(), firstAfterMs).unref();
  }

  /** One full run (or the one in progress); resolves when it is over, failed or not. */
  runOnce(now = Date.now()): Promise<void> {
    this.running ??= this.lock
      .tryRun(this.name, () => this.work(now))
      .then(
        () => undefined,
        (err: unknown) => this.log.error({ err }, `${this.name} failed`),
      )
      .finally(() => {
        this.running = null;
      });
    return this.running;
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }
}
