/**
 * Entry point of a digest thread. The digest runs here so ingest and the API keep the main thread to
 * themselves. The first thread runs for the life of the process; when it reports a backlog, the main
 * thread may start a second one on half of the embedded spool, which retires once one thread would do.
 */
import { parentPort, workerData } from 'node:worker_threads';
import pino from 'pino';
import { OutcomeCounter } from '../ingest/outcomes.js';
import { openBackends, type BackendLocation } from '../server/backends.js';
import { lowerThreadPriority } from '../server/thread-priority.js';
import type { SpoolShard } from '../spool/spool.js';
import { DigestLoop } from './digest-loop.js';
import { QuietWatch } from './quiet-watch.js';

/** Data passed from the main thread. */
export interface DigestWorkerData extends BackendLocation {
  logLevel: string;
  /** The embedded spool's share this thread claims (all of it when absent). */
  shard?: SpoolShard;
  /** An extra thread started for a backlog: it retires when the load would fit one thread. */
  extra?: boolean;
  /** How long an extra thread watches its load before it may retire (tests shorten it). */
  quietWindowMs?: number;
  /**
   * The HTTP edge runs in this process and `--digest-priority` is `idle`: the thread yields the CPU to
   * it entirely (idle class). Otherwise, and in a process that only digests, it runs at nice 10, so
   * whatever else the machine runs cannot starve it.
   */
  yieldToIngest?: boolean;
}

/** Messages the main thread sends: `wake` after spooling, `stop` on shutdown, or a new spool shard. */
export type DigestWorkerMessage = 'wake' | 'stop' | { type: 'shard'; shard: SpoolShard };

/** Messages a digest thread sends to the main thread. */
export type DigestThreadReport =
  | { type: 'ready' }
  | { type: 'stopped' }
  /** A claim came back full: entries are waiting beyond one batch. At most one a second. */
  | { type: 'backlog' }
  /** A `shard` message took effect. */
  | { type: 'resharded' }
  /** An extra thread finished its last batch and closed everything; it may be ended now. */
  | { type: 'retired' };

const data = workerData as DigestWorkerData;
const lowered = lowerThreadPriority(10, data.yieldToIngest === true);
const report = (m: DigestThreadReport): void => parentPort?.postMessage(m);
const log = pino({ level: data.logLevel, base: { app: 'faultline', role: 'digest' } });
// Linux only: elsewhere there is no idle class to ask for.
if (data.yieldToIngest && lowered !== 'idle' && process.platform === 'linux') {
  log.warn(
    { lowered },
    'the digest thread could not move to the idle scheduling class (is util-linux `chrt` installed?)',
  );
}
// Migrations already ran on the main thread before this thread started.
const backends = await openBackends(data, {
  migrate: false,
  cacheMiB: 32,
  ...(data.shard ? { shard: data.shard } : {}),
});
const outcomes = new OutcomeCounter(backends.storage);
outcomes.start();

let nextShard: SpoolShard | null = null;
let lastBacklog = 0;
let retiring = false;
const quiet = new QuietWatch(data.quietWindowMs);
const loop: DigestLoop = new DigestLoop(
  backends.spool,
  backends.storage,
  outcomes,
  backends.blobs,
  log,
  500,
  500,
  {
    beforeBatch() {
      if (!nextShard) return;
      backends.spool.reshard?.(nextShard);
      nextShard = null;
      report({ type: 'resharded' });
    },
    afterBatch(full, busyMs) {
      if (full && Date.now() - lastBacklog >= 1_000) {
        lastBacklog = Date.now();
        report({ type: 'backlog' });
      }
      if (data.extra && !retiring && quiet.add(busyMs)) {
        retiring = true;
        void loop.stop();
      }
    },
  },
);
await backends.onSpooled?.(() => loop.wake());
const running = loop.run();
report({ type: 'ready' });

let closing: Promise<void> | null = null;
/** Stops after the batch in hand, flushes the outcome counts and closes the backends, once. */
const close = (): Promise<void> =>
  (closing ??= (async () => {
    await loop.stop();
    await running;
    await outcomes.stop();
    await backends.close();
  })());

void running.then(async () => {
  if (!retiring) return;
  await close();
  report({ type: 'retired' });
});

parentPort?.on('message', (message: DigestWorkerMessage) => {
  if (message === 'wake') loop.wake();
  else if (message === 'stop') void close().then(() => report({ type: 'stopped' }));
  else if (message.type === 'shard') {
    nextShard = message.shard;
    loop.wake();
  }
});
