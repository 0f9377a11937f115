import type { Envelope, EnvelopeItem } from '../protocol/envelope.js';
import { itemCategory } from '../protocol/item-category.js';
import type { RateLimitNotice } from '../protocol/rate-limits-header.js';
import type { ActiveKey, KeyRateLimit } from '../storage/types.js';
import type { KeyWindows } from './key-windows.js';
import type { OutcomeCounter } from './outcomes.js';

/**
 * The categories a key's rate limit counts and announces: Sentry's error categories (its key quota is
 * built with `DataCategory.error_categories()`). Transactions, spans, sessions, replays, attachments
 * of their own, check-ins, logs, profiles and client reports are not limited by a key's rate limit.
 */
export const KEY_QUOTA_CATEGORIES: readonly string[] = ['default', 'error', 'security'];

/** The reason code of the limit, in the header and on the `rate_limited` outcomes (Sentry's). */
export const KEY_QUOTA_REASON = 'key_quota';

/**
 * Items that only make sense with the envelope's event: when the event is refused they go with it,
 * counted as rate limited in their own category (Relay drops the items that require the event).
 */
const DEPENDS_ON_EVENT = new Set(['attachment', 'user_report']);

/** Whether an item is an event the key quota counts (`event`, `security`, `raw_security`, `nel`). */
const countsAgainstKey = (item: EnvelopeItem): boolean =>
  KEY_QUOTA_CATEGORIES.includes(itemCategory(item.headers.type));

/** What applying a key's limit to one envelope decided. */
export type KeyQuotaDecision =
  | {
      /** Events counted against the window; given back if the envelope is not spooled after all. */
      counted: number;
      /** Every item stays. */
      kept: null;
      /** A limit refused earlier in the window, to announce on the response, or null. */
      notice: RateLimitNotice | null;
    }
  | {
      counted: 0;
      /** The items left to spool after the refused ones were taken out (possibly none). */
      kept: EnvelopeItem[];
      /** The limit that refused them. */
      notice: RateLimitNotice;
    };

const notice = (retryAfter: number): RateLimitNotice => ({
  retryAfter,
  categories: KEY_QUOTA_CATEGORIES,
  scope: 'key',
  reasonCode: KEY_QUOTA_REASON,
});

/**
 * Applies a limited key's quota to an envelope: counts its events in the key's window, or, when they
 * do not fit, takes them and the items depending on them out (one `rate_limited` outcome per item,
 * attachments by bytes as they are counted when stored) and leaves every other item to be accepted,
 * as Relay does. An envelope without events still learns of a limit refused earlier in the window.
 */
export function applyKeyQuota(
  envelope: Envelope,
  key: ActiveKey,
  limit: KeyRateLimit,
  windows: KeyWindows,
  outcomes: OutcomeCounter,
  now: number,
): KeyQuotaDecision {
  let events = 0;
  for (const item of envelope.items) if (countsAgainstKey(item)) events++;
  if (events === 0) {
    const refused = windows.refusedFor(key.publicKey, limit, now);
    return { counted: 0, kept: null, notice: refused > 0 ? notice(refused) : null };
  }
  const retryAfter = windows.take(key.publicKey, limit, events, now);
  if (retryAfter === 0) return { counted: events, kept: null, notice: null };
  const kept: EnvelopeItem[] = [];
  for (const item of envelope.items) {
    const type = item.headers.type;
    if (countsAgainstKey(item) || DEPENDS_ON_EVENT.has(type)) {
      const quantity = type === 'attachment' ? item.payload.length : 1;
      outcomes.add(key.projectId, 'rate_limited', itemCategory(type), KEY_QUOTA_REASON, quantity);
    } else {
      kept.push(item);
    }
  }
  return { counted: 0, kept, notice: notice(retryAfter) };
}

/** The 429 detail: which limit, and when it lifts. */
export function keyQuotaDetail(limit: KeyRateLimit, retryAfter: number): string {
  return (
    `this DSN key's rate limit of ${limit.count} error events per ${limit.window} s is reached; ` +
    `retry after ${Math.ceil(retryAfter)} s`
  );
}
