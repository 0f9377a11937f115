/** Item type → Sentry data category (ingest.md §4), used for outcomes and rate limits. */
const CATEGORIES: Readonly<Record<string, string>> = {
  // `event` may become `default` once the payload shows it has no exception; decided in digest.
  event: 'error',
  transaction: 'transaction',
  attachment: 'attachment',
  session: 'session',
  sessions: 'session',
  replay_event: 'replay',
  replay_recording: 'replay',
  replay_video: 'replay',
  check_in: 'monitor',
  feedback: 'feedback',
  user_report: 'feedback',
  span: 'span',
  log: 'log_item',
  profile: 'profile',
  profile_chunk: 'profile_chunk',
  client_report: 'internal',
  statsd: 'metric_bucket',
  metric_buckets: 'metric_bucket',
  trace_metric: 'metric_bucket',
  security: 'security',
  raw_security: 'security',
  nel: 'security',
};

/** Maps an item type to its data category; unknown types map to `'unknown'`. */
export function itemCategory(type: string): string {
  return Object.hasOwn(CATEGORIES, type) ? (CATEGORIES[type] ?? 'unknown') : 'unknown';
}
