import type { JsonObject } from '../../protocol/json.js';

/** Event types the error digest produces (Sentry's `event.type`). */
export type ErrorEventType = 'error' | 'default';

/** Sentry levels, most severe first. */
export type Level = 'fatal' | 'error' | 'warning' | 'info' | 'debug';

/** What the error processor hands to storage: the normalised body plus the fields storage indexes. */
export interface ProcessedEvent {
  /** 32 lowercase hex characters. */
  eventId: string;
  projectId: number;
  type: ErrorEventType;
  level: Level;
  platform: string;
  /** Event time, whole Unix milliseconds (clock-drift corrected when `sent_at` was given). */
  timestamp: number;
  /** When the server received it, Unix milliseconds. */
  receivedAt: number;
  /** Issue title as Sentry builds it, e.g. `TypeError: order 1001 could not be processed`. */
  title: string;
  /** Issue culprit, e.g. `innerFailingFunction(capture-node)` or `__main__ in inner_failing_function`. */
  culprit: string;
  /** Sentry's issue `metadata`: `{type, value, filename, function}` for errors, `{title}` otherwise. */
  metadata: JsonObject;
  release: string | null;
  environment: string | null;
  dist: string | null;
  serverName: string | null;
  transaction: string | null;
  /** Trace id from `contexts.trace.trace_id`, when present. */
  traceId: string | null;
  /** Given tags plus derived ones (level, environment, release, browser, os, runtime, url, …), deduplicated by key. */
  tags: Array<[string, string]>;
  /** Stable identity for distinct-user counting (`id:42`, `email:a@b`, `username:x`, `ip:1.2.3.4`), or null. */
  userKey: string | null;
  /** Grouping hashes, 32 lowercase hex each; the app variant first when it contributes. Never empty. */
  hashes: string[];
  /** Id of the grouping algorithm that made `hashes` (stored beside each hash). */
  groupingConfig: string;
  /** The normalised, size-bounded event JSON that the API serves back. */
  data: JsonObject;
}

/**
 * A processed event as storage takes it: the body either as JSON or already packed with
 * `packEventBody`. The digest packs each event as soon as it is processed, so a batch of hundreds holds
 * small buffers instead of their parsed JSON trees (less to scavenge, less peak memory).
 */
export type EventForStorage = Omit<ProcessedEvent, 'data'> &
  ({ data: JsonObject; body?: undefined } | { body: Buffer; data?: undefined });
