/**
 * Issue grouping, Sentry's `newstyle:2023-01-11` configuration (ingest.md §6). The algorithm id is
 * stored beside every hash, so a future version can run side by side without splitting old issues.
 */
import type { JsonObject } from '../../protocol/json.js';
import { componentHash, flatten, hashValues } from './component.js';
import { builtInFingerprint, fingerprintType, isDefaultEntry, resolveFingerprint } from './fingerprint.js';
import { readGroupingEvent } from './read-event.js';
import { runStrategies } from './strategies.js';

// Preprocessing the event processor persists, and the message normaliser, re-exported for callers.
export { markInApp } from './read-event.js';
export { normalizeMessageForGrouping } from './normalize-message.js';

/** Id of this grouping algorithm. */
export const GROUPING_CONFIG = 'newstyle:2023-01-11';

/** The hashes of an event. */
export interface GroupingResult {
  /** 32 lowercase hex each, app variant first, duplicates removed; never empty. */
  hashes: string[];
  /** {@link GROUPING_CONFIG}. */
  config: string;
  /**
   * `mechanism.exception_id` of the exception that should title the issue, when grouping chose one
   * (exception groups, React 19 wrapped errors). Otherwise the last exception titles it.
   */
  mainExceptionId?: number;
}

/**
 * Computes the grouping hashes of a normalised event (the `data` the normaliser produced, ideally with
 * derived tags already in `tags` so `{{ tags.X }}` fingerprint variables can see them).
 */
export function computeHashes(event: JsonObject): GroupingResult {
  const ev = readGroupingEvent(event);
  const { variants, mainExceptionId } = runStrategies(ev);
  // Server-side built-in rules replace the client fingerprint (Sentry's fingerprinting bases).
  const fingerprint = builtInFingerprint(ev) ?? ev.fingerprint ?? ['{{ default }}'];
  const kind = fingerprintType(fingerprint);
  const hashes: string[] = [];
  const add = (hash: string | null): void => {
    if (hash !== null && !hashes.includes(hash)) hashes.push(hash);
  };
  if (kind === 'custom') {
    add(hashValues(resolveFingerprint(fingerprint, ev)));
  } else if (kind === 'hybrid') {
    // Each contributing variant's values are substituted where `{{ default }}` stands.
    const resolved = resolveFingerprint(fingerprint, ev);
    for (const c of variants.values()) {
      if (!c.contributes) continue;
      add(hashValues(resolved.flatMap((entry) => (isDefaultEntry(entry) ? flatten(c) : [entry]))));
    }
  } else {
    for (const c of variants.values()) add(componentHash(c));
  }
  // Nothing contributed: Sentry's fallback variant, the hash of no values.
  if (hashes.length === 0) add(hashValues([]));
  const result: GroupingResult = { hashes, config: GROUPING_CONFIG };
  if (mainExceptionId !== undefined) result.mainExceptionId = mainExceptionId;
  return result;
}
