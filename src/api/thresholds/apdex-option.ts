import { DEFAULT_THRESHOLD } from '../../perf/thresholds.js';
import type { ConfiguredThreshold, ThresholdInput } from '../../storage/threshold-types.js';
import { APDEX_OPTION } from '../projects/presenter.js';
import { readThresholdMs } from './input.js';

/** `options["sentry:apdex_threshold"]` as sent: a threshold, or null for the default. */
export function readApdexOption(value: unknown): number | null {
  return value === null ? null : readThresholdMs(value, APDEX_OPTION);
}

/**
 * What writing the project option makes of the project's threshold. The option is the threshold's ms
 * (one value, whichever route edits it), so its metric stays; back at 300 ms of duration nothing is
 * configured any more, as before the metric existed. Writing the value it already has changes nothing
 * (forms send every option back), not even who edited it last.
 */
export function thresholdFromOption(
  current: ConfiguredThreshold | null,
  ms: number | null,
  editedBy: number,
): ThresholdInput | null | 'unchanged' {
  const thresholdMs = ms ?? DEFAULT_THRESHOLD.ms;
  if (thresholdMs === (current?.thresholdMs ?? DEFAULT_THRESHOLD.ms)) return 'unchanged';
  const metric = current?.metric ?? DEFAULT_THRESHOLD.metric;
  if (thresholdMs === DEFAULT_THRESHOLD.ms && metric === DEFAULT_THRESHOLD.metric) return null;
  return { thresholdMs, metric, editedBy };
}
