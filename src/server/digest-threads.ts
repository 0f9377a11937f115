import type { Logger } from 'pino';
import type { DigestThreadReport, DigestWorkerData } from '../digest/worker.js';
import type { BackendLocation } from './backends.js';
import { DigestThread } from './digest-thread.js';

const WHOLE = { index: 0, count: 1 };

/**
 * The digest threads of one process: one always, a second while a backlog lasts. Grouping and body
 * encoding are CPU work two threads share; SQLite still takes one writer at a time, so beyond two the
 * writes would only queue. In embedded mode the threads split the spool by id parity (each keeps its
 * own cursor); on PostgreSQL they claim with row locks and need no split. The second thread starts when
 * the first reports a full claim, and retires by itself once the load would fit one thread.
 */
export class DigestThreads {
  private first: DigestThread | null = null;
  private extra: DigestThread | null = null;
  private starting: Promise<void> | null = null;
  private stopping = false;
  /** Resolves when the first thread confirms it moved to its half of the spool. */
  private resharded: (() => void) | null = null;
  /** A restart of the first thread after it crashed, while one is under way. */
  private restarting: Promise<void> | null = null;
  /** Cuts short the pause before the next restart attempt (on stop). */
  private cancelPause: (() => void) | null = null;

  private constructor(
    private readonly data: DigestWorkerData,
    private readonly log: Logger,
    private readonly maxThreads: number,
    private readonly script: URL | undefined,
  ) {}

  /** Starts the first thread; resolves once it runs. */
  static async start(
    location: BackendLocation,
    options: {
      logLevel: string;
      maxThreads: number;
      yieldToIngest?: boolean;
      quietWindowMs?: number;
      script?: URL;
    },
    log: Logger,
  ): Promise<DigestThreads> {
    const data: DigestWorkerData = {
      ...location,
      logLevel: options.logLevel,
      yieldToIngest: options.yieldToIngest === true,
    };
    if (options.quietWindowMs !== undefined) data.quietWindowMs = options.quietWindowMs;
    const threads = new DigestThreads(data, log, options.maxThreads, options.script);
    threads.first = await threads.startFirst();
    return threads;
  }

  private startFirst(): Promise<DigestThread> {
    return DigestThread.start(this.data, this.log, {
      onReport: (r) => this.onFirstReport(r),
      onCrash: () => {
        this.restarting ??= this.restartFirst().finally(() => (this.restarting = null));
      },
      ...(this.script ? { script: this.script } : {}),
    });
  }

  /**
   * Without the first thread nothing would be digested until a restart of the process, while ingest
   * kept spooling: start it again, waiting longer after each failure (a thread that crashes at once
   * would otherwise spin). The spool kept every entry it had not acknowledged, so nothing is lost.
   */
  private async restartFirst(): Promise<void> {
    this.first = null;
    this.resharded?.();
    this.resharded = null;
    await this.starting;
    if (this.extra) await this.retire(this.extra, 'stop');
    for (let delay = 1_000; !this.stopping; delay = Math.min(delay * 2, 30_000)) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, delay);
        this.cancelPause = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      if (this.stopping) return;
      try {
        const first = await this.startFirst();
        if (this.stopping) {
          await first.stop();
          return;
        }
        this.first = first;
        this.log.warn('digest thread restarted');
        return;
      } catch (err) {
        this.log.error({ err }, 'the digest thread failed to restart; trying again');
      }
    }
  }

  private get embedded(): boolean {
    return this.data.databaseUrl === null;
  }

  private onFirstReport(report: DigestThreadReport): void {
    if (report.type === 'resharded') {
      this.resharded?.();
      this.resharded = null;
    } else if (report.type === 'backlog') {
      if (this.maxThreads < 2 || this.extra || this.starting || this.stopping) return;
      this.starting = this.startExtra().finally(() => (this.starting = null));
    }
  }

  private async startExtra(): Promise<void> {
    if (this.embedded) {
      // The first thread must have left the odd ids before the second takes them, or both would
      // work on the same entries (harmless, the digest is idempotent, but wasted).
      await new Promise<void>((resolve) => {
        this.resharded = resolve;
        this.first?.post({ type: 'shard', shard: { index: 0, count: 2 } });
      });
      if (this.stopping) return;
    }
    try {
      const extra: DigestThread = await DigestThread.start(
        { ...this.data, extra: true, ...(this.embedded ? { shard: { index: 1, count: 2 } } : {}) },
        this.log,
        {
          onReport: (r) => {
            if (r.type === 'retired') void this.retire(extra, 'end');
          },
          onCrash: () => void this.retire(extra, 'end'),
          ...(this.script ? { script: this.script } : {}),
        },
      );
      this.extra = extra;
      this.log.info('backlog: a second digest thread started');
    } catch (err) {
      this.log.error({ err }, 'the second digest thread failed to start');
      if (this.embedded) this.first?.post({ type: 'shard', shard: WHOLE });
    }
  }

  /** Ends the extra thread and gives the whole spool back to the first one. */
  private async retire(extra: DigestThread, how: 'end' | 'stop'): Promise<void> {
    if (this.extra !== extra) return;
    this.extra = null;
    await (how === 'stop' ? extra.stop() : extra.end());
    if (this.embedded && !this.stopping) this.first?.post({ type: 'shard', shard: WHOLE });
    this.log.info('digest back to one thread');
  }

  /** Tells the digest new entries are waiting. */
  wake(): void {
    this.first?.wake();
    this.extra?.wake();
  }

  /** Lets every thread finish its batch, flush and close. */
  async stop(): Promise<void> {
    this.stopping = true;
    // A first thread that is stopping will not confirm a move any more.
    this.resharded?.();
    this.cancelPause?.();
    await this.starting;
    await this.restarting;
    if (this.extra) await this.retire(this.extra, 'stop');
    await this.first?.stop();
  }
}
