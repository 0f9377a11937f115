/** What the ingest edge learned about a request, carried beside the envelope to the digest. */
export interface IngestMeta {
  clientIp: string | null;
  userAgent: string | null;
  /** Public DSN key the request authenticated with. */
  publicKey: string;
}

/** An envelope waiting to be digested. */
export interface NewSpoolEntry {
  projectId: number;
  receivedAt: number;
  meta: IngestMeta;
  /** The decompressed envelope bytes. */
  body: Buffer;
}

/** A spooled envelope with its queue id. */
export interface SpoolEntry extends NewSpoolEntry {
  id: number;
  attempts: number;
}

/**
 * Which entries one consumer of the embedded spool claims: those whose id is `index` modulo `count`.
 * Digest threads of one process split the queue this way, so each keeps a private cursor.
 */
export interface SpoolShard {
  index: number;
  count: number;
}

/**
 * The durable queue between ingest and digest. `append` resolves only once the entries would survive
 * a crash; `claim` hands out entries not yet acknowledged; `ack` removes them for good.
 */
export interface Spool {
  append(entries: NewSpoolEntry[]): Promise<void>;
  /**
   * Up to `limit` entries in id order, stopping early once their bodies add up to `maxBytes` (the
   * entry that reaches it included, so a claim always makes progress): envelopes can be megabytes
   * each, and a batch of 500 of them must not take the digest's memory with it.
   */
  claim(limit: number, maxBytes?: number): Promise<SpoolEntry[]>;
  ack(ids: number[]): Promise<void>;
  /** Returns entries whose processing failed so they are offered again (with attempts + 1). */
  release(ids: number[]): Promise<void>;
  /**
   * Sets aside entries the digest keeps failing on, with the reason: never claimed again, never
   * deleted, until {@link retryBuried} (`faultline spool retry`) offers them once more.
   */
  bury(ids: number[], reason: string): Promise<void>;
  retryBuried(): Promise<number>;
  /**
   * Embedded spool only: claim another shard from the next batch on. A spool shared through a database
   * (PostgreSQL) has no shards: its consumers claim with row locks.
   */
  reshard?(shard: SpoolShard): void;
  /** Entries waiting to be digested, and entries set aside. */
  depth(): Promise<{ waiting: number; buried: number }>;
  /** When the oldest entry still waiting to be digested was received (ms), or null if none waits. */
  oldestWaiting(): Promise<number | null>;
  close(): Promise<void>;
}
