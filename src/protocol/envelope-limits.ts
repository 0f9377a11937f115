/**
 * Per-item size and count limits of an envelope (ingest.md §2, after Relay's defaults). Items are
 * grouped the way Relay groups them: e.g. `event`, `transaction` and `feedback` share one "event"
 * budget of one item per envelope, and `session`/`sessions` share the session count.
 */
import { tooLarge } from './errors.js';
import { itemCategory } from './item-category.js';

const KiB = 1024;
const MiB = 1024 * KiB;

/** Tunable limits for {@link parseEnvelope}; every field has a Relay-like default. */
export interface EnvelopeLimits {
  /** Items of any type in one envelope. */
  maxItems: number;
  /** Bytes in one header line (envelope or item header); longer is malformed (400). */
  maxHeaderLineBytes: number;
  /** One event-like item: event, transaction, feedback, replay_event, security reports. */
  maxEventBytes: number;
  /** One attachment (also legacy user_report, unreal_report). */
  maxAttachmentBytes: number;
  /** Attachments per envelope. */
  maxAttachmentCount: number;
  maxCheckInBytes: number;
  maxClientReportBytes: number;
  /** `session` plus `sessions` items per envelope. */
  maxSessionCount: number;
  maxSessionBytes: number;
  /** A whole v2 container item (`span`, `log`, `trace_metric` with `item_count`). */
  maxContainerBytes: number;
  /** One span: a legacy single-span item, or the average span inside a container. */
  maxSpanBytes: number;
  /** One log record (average inside a `log` container). */
  maxLogBytes: number;
  /** `replay_recording` / `replay_video` (compressed). */
  maxReplayBytes: number;
  /** `profile` / `profile_chunk`. */
  maxProfileBytes: number;
  /** `statsd`, `metric_buckets`, one trace metric. */
  maxMetricBytes: number;
}

/** Relay's defaults (ingest.md §2), plus an overall item count so a flood of tiny items is bounded. */
export const DEFAULT_ENVELOPE_LIMITS: Readonly<EnvelopeLimits> = Object.freeze({
  maxItems: 1000,
  maxHeaderLineBytes: 64 * KiB,
  maxEventBytes: 1 * MiB,
  maxAttachmentBytes: 200 * MiB,
  maxAttachmentCount: 30,
  maxCheckInBytes: 100 * KiB,
  maxClientReportBytes: 100 * KiB,
  maxSessionCount: 100,
  maxSessionBytes: 1 * MiB,
  maxContainerBytes: 10 * MiB,
  maxSpanBytes: 1 * MiB,
  maxLogBytes: 2 * MiB,
  maxReplayBytes: 10 * MiB,
  maxProfileBytes: 50 * MiB,
  maxMetricBytes: 1 * MiB,
});

type LimitKey = keyof EnvelopeLimits;

interface Rule {
  /** Items sharing a group share the count budget. */
  group: string;
  /** Byte limit of one item (for containers: of the average contained record). */
  bytes: LimitKey;
  /** Items of the group allowed per envelope; a number or a limits field. Unset: only `maxItems`. */
  count?: number | LimitKey;
  /** v2 containers: also bound the whole item by `maxContainerBytes`. */
  container?: boolean;
}

const EVENT: Rule = { group: 'event', bytes: 'maxEventBytes', count: 1 };
const ATTACHMENT: Rule = { group: 'attachment', bytes: 'maxAttachmentBytes', count: 'maxAttachmentCount' };
const SESSION: Rule = { group: 'session', bytes: 'maxSessionBytes', count: 'maxSessionCount' };
const PROFILE: Rule = { group: 'profile', bytes: 'maxProfileBytes', count: 1 };

// Unknown item types are absent on purpose: they are skipped later, never refused for their size.
const RULES: Readonly<Record<string, Rule>> = {
  event: EVENT,
  transaction: EVENT,
  feedback: EVENT,
  replay_event: EVENT,
  security: EVENT,
  raw_security: EVENT,
  form_data: EVENT,
  attachment: ATTACHMENT,
  // Relay budgets the legacy user report and Unreal crash reports like attachments.
  user_report: ATTACHMENT,
  unreal_report: ATTACHMENT,
  session: SESSION,
  sessions: SESSION,
  client_report: { group: 'client_report', bytes: 'maxClientReportBytes' },
  check_in: { group: 'check_in', bytes: 'maxCheckInBytes', count: 1 },
  replay_recording: { group: 'replay_recording', bytes: 'maxReplayBytes', count: 1 },
  replay_video: { group: 'replay_video', bytes: 'maxReplayBytes', count: 1 },
  profile: PROFILE,
  profile_chunk: PROFILE,
  statsd: { group: 'statsd', bytes: 'maxMetricBytes', count: 1 },
  metric_buckets: { group: 'metric_buckets', bytes: 'maxMetricBytes', count: 1 },
  log: { group: 'log', bytes: 'maxLogBytes', count: 1, container: true },
  trace_metric: { group: 'trace_metric', bytes: 'maxMetricBytes', count: 1, container: true },
};

/** Legacy `span` items hold one span each; v2 containers (JS SDK v11) hold many. */
const SPAN_LEGACY: Rule = { group: 'span_legacy', bytes: 'maxSpanBytes' };
const SPAN_CONTAINER: Rule = { group: 'span', bytes: 'maxSpanBytes', count: 1, container: true };

/** The item's declared record count, when it is a usable positive integer. */
function itemCount(headers: Record<string, unknown>): number | null {
  const n = headers.item_count;
  return typeof n === 'number' && Number.isInteger(n) && n > 0 ? n : null;
}

function ruleFor(type: string, headers: Record<string, unknown>): Rule | undefined {
  if (type === 'span') {
    const ct = headers.content_type;
    const isContainer =
      itemCount(headers) !== null ||
      (typeof ct === 'string' && ct.startsWith('application/vnd.sentry.items.'));
    return isContainer ? SPAN_CONTAINER : SPAN_LEGACY;
  }
  return RULES[type];
}

/**
 * Returns a checker to call once per parsed item, in order. It throws a 413 ProtocolError as soon as
 * the envelope exceeds a limit (item count, per-group count, or an item's size).
 */
export function createLimitChecker(
  limits: EnvelopeLimits,
): (type: string, headers: Record<string, unknown>, size: number) => void {
  const groupCounts = new Map<string, number>();
  let total = 0;
  return (type, headers, size) => {
    total++;
    if (total > limits.maxItems) {
      throw tooLarge('too_many_items', `envelope holds more than ${limits.maxItems} items`);
    }
    const rule = ruleFor(type, headers);
    if (rule === undefined) return;

    if (rule.count !== undefined) {
      const max = typeof rule.count === 'number' ? rule.count : limits[rule.count];
      const seen = (groupCounts.get(rule.group) ?? 0) + 1;
      groupCounts.set(rule.group, seen);
      if (seen > max) {
        throw tooLarge('too_many_items', `envelope holds more than ${max} ${rule.group} item(s)`);
      }
    }

    const perRecord = limits[rule.bytes];
    if (rule.container === true) {
      // Relay's rule for containers: the whole item against the container limit, and the average
      // record against the per-record limit (each record is checked again after unpacking).
      if (size > limits.maxContainerBytes) {
        throw tooLarge(
          'item_too_large',
          `${type} container is ${size} bytes; the limit is ${limits.maxContainerBytes}`,
          itemCategory(type),
        );
      }
      const average = Math.floor(size / (itemCount(headers) ?? 1));
      if (average > perRecord) {
        throw tooLarge(
          'item_too_large',
          `${type} records average ${average} bytes; the limit is ${perRecord}`,
          itemCategory(type),
        );
      }
      return;
    }
    if (size > perRecord) {
      throw tooLarge(
        'item_too_large',
        `${type} item is ${size} bytes; the limit is ${perRecord}`,
        itemCategory(type),
      );
    }
  };
}
