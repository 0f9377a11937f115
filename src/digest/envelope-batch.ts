import { createHash } from 'node:crypto';
import type { OutcomeCounter } from '../ingest/outcomes.js';
import { itemCategory, normalizeEventId, parseEnvelope } from '../protocol/envelope.js';
import { badRequest, ProtocolError } from '../protocol/errors.js';
import { isObject } from '../protocol/json.js';
import { parseJsonText } from '../protocol/json-text.js';
import { parseJsonObject } from '../protocol/store-body.js';
import type { SpoolEntry } from '../spool/spool.js';
import { packEventBody } from '../storage/event-body.js';
import type { TransactionBatch } from '../storage/performance-types.js';
import { packSpanChunks } from '../storage/span-chunk.js';
import { processEvent } from './event/process-event.js';
import type { EventForStorage } from './event/processed-event.js';
import { processSpanItems } from './performance/span-container.js';
import { processTransaction } from './performance/transaction.js';
import {
  STORED_TRANSACTION_FIELDS,
  type PerformanceContext,
  type ProcessedTransaction,
  type TransactionForStorage,
} from './performance/types.js';
import {
  buildReplaySegment,
  unpackVideoItem,
  type PendingReplaySegment,
  type ReplayItems,
} from './replay/segment.js';

/** Client-report discard reasons SDKs send (ingest.md §7); anything else is counted as `other`. */
const DISCARD_REASONS = new Set([
  'queue_overflow',
  'cache_overflow',
  'buffer_overflow',
  'ratelimit_backoff',
  'network_error',
  'sample_rate',
  'before_send',
  'event_processor',
  'send_error',
  'internal_sdk_error',
  'insufficient_data',
  'backpressure',
]);

/** An attachment item waiting to be written, with the event it belongs to. */
export interface PendingAttachment {
  projectId: number;
  eventId: string;
  index: number;
  receivedAt: number;
  name: string;
  contentType: string;
  attachmentType: string;
  payload: Buffer;
}

/** What one batch of spooled envelopes turned into, by processor. */
export interface SplitBatch {
  /** Error events, their bodies already packed. */
  errors: EventForStorage[];
  attachments: PendingAttachment[];
  /** `transaction` items (legacy `/store/` transactions included) and `span` items. */
  transactions: TransactionBatch;
  /** Replay segments: one per envelope that carried replay items. */
  replays: PendingReplaySegment[];
}

const text = (v: unknown, fallback: string, max = 200): string =>
  typeof v === 'string' && v.trim() !== '' ? v.slice(0, max) : fallback;

/**
 * An event id for an event that came with none: derived from its spool entry, so processing the same
 * entry again after a crash yields the same id and the event is still stored once.
 */
function fallbackEventId(entry: SpoolEntry, index: number): string {
  return createHash('md5').update(`${entry.id}:${entry.receivedAt}:${index}`).digest('hex');
}

function countClientReport(entry: SpoolEntry, payload: Buffer, outcomes: OutcomeCounter): void {
  const report = parseJsonObject(payload, 'client report');
  const discarded = Array.isArray(report.discarded_events) ? report.discarded_events : [];
  for (const d of discarded.slice(0, 200)) {
    if (!isObject(d)) continue;
    const quantity = Number(d.quantity);
    if (!Number.isFinite(quantity) || quantity <= 0) continue;
    const reason = typeof d.reason === 'string' && DISCARD_REASONS.has(d.reason) ? d.reason : 'other';
    const category = typeof d.category === 'string' ? d.category.slice(0, 32) : 'unknown';
    outcomes.add(entry.projectId, 'client_discard', category, reason, Math.min(quantity, 1e9));
  }
}

/** Parses a JSON payload of any shape (span items may be a container, one span or an array of spans). */
function parseJsonPayload(payload: Buffer, what: string): unknown {
  let text = payload.toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.trim() === '') throw badRequest('invalid_json', `invalid ${what} JSON: empty payload`);
  return parseJsonText(text, what);
}

/** The `item_count` a span container declares, for counting a container that could not be read. */
function declaredCount(headers: Record<string, unknown>): number {
  const n = Number(headers.item_count);
  return Number.isInteger(n) && n > 0 ? Math.min(n, 1_000_000) : 1;
}

/** A transaction with its body packed now, so its JSON tree dies young (see `TransactionForStorage`). */
function packed(tx: ProcessedTransaction): TransactionForStorage {
  const kept: Record<string, unknown> = {};
  for (const field of STORED_TRANSACTION_FIELDS) kept[field] = tx[field];
  kept['body'] = packEventBody(tx.data);
  return kept as TransactionForStorage;
}

/** Appends without spreading (a spread of a huge array can overflow the call stack). */
function append<T>(into: T[], items: T[]): void {
  for (const item of items) into.push(item);
}

/**
 * The browser SDK sends the replay id only in the envelope's `trace` header; Sentry's ingest copies it
 * into `contexts.replay.replay_id` so errors link to their replay. So do we, unless the event has one.
 */
function copyReplayId(raw: Record<string, unknown>, trace: unknown): void {
  const replayId = isObject(trace) ? normalizeEventId(trace.replay_id) : null;
  if (!replayId) return;
  const contexts = isObject(raw.contexts) ? raw.contexts : {};
  if (isObject(contexts.replay) && contexts.replay.replay_id) return;
  raw.contexts = {
    ...contexts,
    replay: { ...(isObject(contexts.replay) ? contexts.replay : {}), replay_id: replayId },
  };
}

/**
 * Splits spooled envelopes into work per processor. Items no processor handles yet are counted as
 * filtered with their type as the reason, so nothing disappears without a trace; so are spans a
 * transaction or container could not keep (`span_limit`: over the cap, or unreadable).
 */
export function splitBatch(entries: SpoolEntry[], outcomes: OutcomeCounter): SplitBatch {
  const out: SplitBatch = {
    errors: [],
    attachments: [],
    transactions: { transactions: [], spanChunks: [], measurements: [] },
    replays: [],
  };
  for (const entry of entries) {
    let envelope;
    try {
      envelope = parseEnvelope(entry.body);
    } catch (err) {
      outcomes.add(
        entry.projectId,
        'invalid',
        'envelope',
        err instanceof ProtocolError ? err.reason : 'invalid_envelope',
      );
      continue;
    }
    const headerId = normalizeEventId(envelope.headers.event_id);
    const sentAt = typeof envelope.headers.sent_at === 'string' ? Date.parse(envelope.headers.sent_at) : NaN;
    const perf: PerformanceContext = {
      projectId: entry.projectId,
      receivedAt: entry.receivedAt,
      sentAt: Number.isFinite(sentAt) ? sentAt : undefined,
      clientIp: entry.meta.clientIp,
      userAgent: entry.meta.userAgent,
      trace: isObject(envelope.headers.trace) ? envelope.headers.trace : undefined,
      sdk: isObject(envelope.headers.sdk) ? envelope.headers.sdk : undefined,
    };
    const replay: ReplayItems = {};
    envelope.items.forEach((item, index) => {
      const type = item.headers.type;
      try {
        if (type === 'event') {
          const raw = parseJsonObject(item.payload, 'event');
          copyReplayId(raw, envelope.headers.trace);
          const { data, ...event } = processEvent(raw, {
            projectId: entry.projectId,
            receivedAt: entry.receivedAt,
            eventId: headerId ?? normalizeEventId(raw.event_id) ?? fallbackEventId(entry, index),
            sentAt: Number.isFinite(sentAt) ? sentAt : undefined,
            clientIp: entry.meta.clientIp,
            userAgent: entry.meta.userAgent,
          });
          out.errors.push({ ...event, body: packEventBody(data) });
        } else if (type === 'attachment') {
          // Attachments belong to the envelope's event; without one there is nothing to attach to.
          if (!headerId)
            throw new ProtocolError(400, 'attachment_without_event', 'attachment without event id');
          out.attachments.push({
            projectId: entry.projectId,
            eventId: headerId,
            index,
            receivedAt: entry.receivedAt,
            name: text(item.headers.filename, `attachment-${index}`),
            contentType: text(item.headers.content_type, 'application/octet-stream', 100),
            attachmentType: text(item.headers.attachment_type, 'event.attachment', 64),
            payload: item.payload,
          });
        } else if (type === 'transaction') {
          const raw = parseJsonObject(item.payload, 'transaction');
          const result = processTransaction(raw, {
            ...perf,
            eventId: headerId ?? normalizeEventId(raw.event_id) ?? fallbackEventId(entry, index),
            platformHint: typeof item.headers.platform === 'string' ? item.headers.platform : undefined,
          });
          out.transactions.transactions.push(packed(result.transaction));
          // Packed here, item by item, so the span objects die young (cheap to collect).
          append(out.transactions.spanChunks, packSpanChunks(result.spans));
          if (result.droppedSpans > 0)
            outcomes.add(entry.projectId, 'filtered', 'span', 'span_limit', result.droppedSpans);
        } else if (type === 'span') {
          const result = processSpanItems(parseJsonPayload(item.payload, 'span'), {
            ...perf,
            platformHint: typeof item.headers.platform === 'string' ? item.headers.platform : undefined,
          });
          append(out.transactions.transactions, result.segments.map(packed));
          append(out.transactions.spanChunks, packSpanChunks(result.spans));
          append(out.transactions.measurements, result.measurements);
          if (result.dropped > 0)
            outcomes.add(entry.projectId, 'filtered', 'span', 'span_limit', result.dropped);
        } else if (type === 'replay_event') {
          replay.event = item.payload;
        } else if (type === 'replay_recording') {
          replay.recording = item.payload;
        } else if (type === 'replay_video') {
          Object.assign(replay, unpackVideoItem(item.payload));
        } else if (type === 'client_report') {
          countClientReport(entry, item.payload, outcomes);
        } else {
          outcomes.add(entry.projectId, 'filtered', itemCategory(type), `not_processed:${type.slice(0, 40)}`);
        }
      } catch (err) {
        const reason = err instanceof ProtocolError ? err.reason : 'invalid_item';
        // Sentry counts spans one by one: a container that could not be read loses all it declared.
        const quantity = type === 'span' ? declaredCount(item.headers) : 1;
        outcomes.add(entry.projectId, 'invalid', itemCategory(type), reason, quantity);
      }
    });
    if (replay.event || replay.recording) {
      try {
        out.replays.push(buildReplaySegment(replay, headerId, perf));
      } catch (err) {
        outcomes.add(
          entry.projectId,
          'invalid',
          'replay',
          err instanceof ProtocolError ? err.reason : 'invalid_replay',
        );
      }
    }
  }
  return out;
}
