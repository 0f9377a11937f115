import { DAILY } from '../perf-grains.js';
import { RollupAccumulator } from '../perf-rollups.js';
import type { Row } from '../rows.js';
import type { Db } from './database.js';
import { writeGrain } from './write-rollups.js';

/**
 * Sets `transaction_users.max_lcp_ms` from the stored transactions, in one grouped pass: each slice's
 * user gets the largest LCP of their counted transactions (interactions still waiting for a name are
 * not counted yet). Exported for its test.
 */
export const SQLITE_BACKFILL_USER_LCP = `
UPDATE transaction_users AS u SET max_lcp_ms = m.lcp
FROM (
  SELECT project_id, name, coalesce(environment, '') AS env, coalesce(release, '') AS rel,
    start_ts - start_ts % 3600000 AS hr, kind, op, user_key, max(json_extract(measurements, '$.lcp.value')) AS lcp
  FROM transactions
  WHERE user_key IS NOT NULL AND name_from_event_id IS NULL
    AND json_type(measurements, '$.lcp.value') IN ('integer', 'real')
  GROUP BY 1, 2, 3, 4, 5, 6, 7, 8
) AS m
WHERE u.project_id = m.project_id AND u.name = m.name AND u.environment = m.env AND u.release = m.rel
  AND u.hour = m.hr AND u.kind = m.kind AND u.op = m.op AND u.user_key = m.user_key;`;

/**
 * Fills `transaction_users_day` from the hourly rows: each user's largest duration and LCP of the day
 * (the aggregate max() skips NULLs, so a day's LCP is the largest any of its hours measured). Exported
 * for its test.
 */
export const SQLITE_BACKFILL_USERS_DAY = `
INSERT INTO transaction_users_day (project_id, name, environment, release, day, kind, op, user_key,
  max_duration_ms, max_lcp_ms)
SELECT project_id, name, environment, release, hour - hour % 86400000, kind, op, user_key,
  max(max_duration_ms), max(max_lcp_ms)
FROM transaction_users GROUP BY 1, 2, 3, 4, 5, 6, 7, 8;`;

/**
 * A grain's packed user sets (migration 9): a row per slice, not WITHOUT ROWID, as a day's blob runs to
 * tens of kilobytes; the partial index finds the slices to pack again.
 */
function userSetsTable(table: string, time: 'hour' | 'day'): string {
  return `
CREATE TABLE ${table} (
  project_id INTEGER NOT NULL,
  name TEXT NOT NULL,
  environment TEXT NOT NULL,
  release TEXT NOT NULL,
  ${time} INTEGER NOT NULL,
  kind TEXT NOT NULL,
  op TEXT NOT NULL,
  users BLOB
);
CREATE UNIQUE INDEX ${table}_slice ON ${table} (project_id, ${time}, name, environment, release, kind, op);
CREATE INDEX ${table}_stale ON ${table} (${time}) WHERE users IS NULL;`;
}

/**
 * SQLite schema, as numbered migrations. Each runs in its own transaction with the version bump, so
 * a crash never leaves a half-migrated database. Times are Unix milliseconds; JSON columns are TEXT.
 */
export const SQLITE_MIGRATIONS: ReadonlyArray<{
  version: number;
  sql: string;
  /** Runs after `sql`, in the same transaction: data steps SQL alone cannot do. */
  backfill?: (db: Db) => void;
}> = [
  {
    version: 1,
    sql: `
CREATE TABLE users (
  id INTEGER PRIMARY KEY,
  email TEXT NOT NULL UNIQUE COLLATE NOCASE,
  name TEXT NOT NULL DEFAULT '',
  password_hash TEXT,
  is_superuser INTEGER NOT NULL DEFAULT 0,
  is_active INTEGER NOT NULL DEFAULT 1,
  date_joined INTEGER NOT NULL
);
CREATE TABLE organizations (
  id INTEGER PRIMARY KEY,
  slug TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  date_created INTEGER NOT NULL
);
CREATE TABLE org_members (
  organization_id INTEGER NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  role TEXT NOT NULL,
  date_added INTEGER NOT NULL,
  PRIMARY KEY (organization_id, user_id)
);
CREATE TABLE teams (
  id INTEGER PRIMARY KEY,
  organization_id INTEGER NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  slug TEXT NOT NULL,
  name TEXT NOT NULL,
  date_created INTEGER NOT NULL,
  UNIQUE (organization_id, slug)
);
-- AUTOINCREMENT: a deleted project's id is never handed to a new project, so events still in flight
-- for the old one (spooled, or accepted by an ingest edge's key cache) cannot land in the new one.
CREATE TABLE projects (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  organization_id INTEGER NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  team_id INTEGER REFERENCES teams(id) ON DELETE SET NULL,
  slug TEXT NOT NULL,
  name TEXT NOT NULL,
  platform TEXT,
  date_created INTEGER NOT NULL,
  first_event_at INTEGER,
  next_short_number INTEGER NOT NULL DEFAULT 1,
  UNIQUE (organization_id, slug)
);
CREATE TABLE project_keys (
  id INTEGER PRIMARY KEY,
  project_id INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
  public_key TEXT NOT NULL UNIQUE,
  secret_key TEXT NOT NULL,
  label TEXT NOT NULL,
  is_active INTEGER NOT NULL DEFAULT 1,
  date_created INTEGER NOT NULL
);
CREATE TABLE api_tokens (
  id INTEGER PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  token_hash TEXT NOT NULL UNIQUE,
  scopes TEXT NOT NULL,
  date_created INTEGER NOT NULL,
  last_used_at INTEGER
);
CREATE INDEX api_tokens_user ON api_tokens (user_id);
-- Browser login sessions; only a hash of the cookie value is stored.
CREATE TABLE sessions (
  id_hash TEXT PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  csrf_token TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX sessions_expires ON sessions (expires_at);
CREATE INDEX sessions_user ON sessions (user_id);
CREATE TABLE issues (
  id INTEGER PRIMARY KEY,
  project_id INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
  short_number INTEGER NOT NULL,
  title TEXT NOT NULL,
  culprit TEXT NOT NULL,
  level TEXT NOT NULL,
  type TEXT NOT NULL,
  platform TEXT NOT NULL,
  status TEXT NOT NULL,
  substatus TEXT,
  metadata TEXT NOT NULL,
  times_seen INTEGER NOT NULL,
  user_count INTEGER NOT NULL,
  first_seen INTEGER NOT NULL,
  last_seen INTEGER NOT NULL,
  first_release TEXT,
  last_release TEXT,
  resolved_at INTEGER,
  search_text TEXT NOT NULL
);
CREATE INDEX issues_project_last_seen ON issues (project_id, last_seen DESC);
CREATE INDEX issues_project_first_seen ON issues (project_id, first_seen DESC);
CREATE INDEX issues_project_times_seen ON issues (project_id, times_seen DESC);
CREATE INDEX issues_project_user_count ON issues (project_id, user_count DESC);
CREATE INDEX issues_project_status_last_seen ON issues (project_id, status, last_seen DESC);
CREATE TABLE issue_hashes (
  project_id INTEGER NOT NULL,
  hash TEXT NOT NULL,
  issue_id INTEGER NOT NULL REFERENCES issues(id) ON DELETE CASCADE,
  config TEXT NOT NULL,
  PRIMARY KEY (project_id, hash)
) WITHOUT ROWID;
CREATE INDEX issue_hashes_issue ON issue_hashes (issue_id);
CREATE TABLE events (
  id INTEGER PRIMARY KEY,
  project_id INTEGER NOT NULL,
  event_id TEXT NOT NULL,
  issue_id INTEGER NOT NULL,
  timestamp INTEGER NOT NULL,
  received_at INTEGER NOT NULL,
  trace_id TEXT,
  body BLOB NOT NULL,
  UNIQUE (project_id, event_id)
);
CREATE INDEX events_issue_time ON events (issue_id, timestamp, id);
CREATE INDEX events_received ON events (received_at);
-- The errors of a trace (trace view); most events of a backend without tracing have none.
CREATE INDEX events_trace ON events (trace_id) WHERE trace_id IS NOT NULL;
CREATE TABLE issue_tags (
  issue_id INTEGER NOT NULL REFERENCES issues(id) ON DELETE CASCADE,
  key TEXT NOT NULL,
  value TEXT NOT NULL,
  times_seen INTEGER NOT NULL,
  first_seen INTEGER NOT NULL,
  last_seen INTEGER NOT NULL,
  PRIMARY KEY (issue_id, key, value)
) WITHOUT ROWID;
CREATE INDEX issue_tags_lookup ON issue_tags (key, value, issue_id);
CREATE TABLE issue_users (
  issue_id INTEGER NOT NULL REFERENCES issues(id) ON DELETE CASCADE,
  user_key TEXT NOT NULL,
  PRIMARY KEY (issue_id, user_key)
) WITHOUT ROWID;
CREATE TABLE issue_hourly (
  issue_id INTEGER NOT NULL REFERENCES issues(id) ON DELETE CASCADE,
  hour INTEGER NOT NULL,
  count INTEGER NOT NULL,
  PRIMARY KEY (issue_id, hour)
) WITHOUT ROWID;
CREATE TABLE attachments (
  id INTEGER PRIMARY KEY,
  project_id INTEGER NOT NULL,
  event_id TEXT NOT NULL,
  idx INTEGER NOT NULL,
  name TEXT NOT NULL,
  content_type TEXT NOT NULL,
  attachment_type TEXT NOT NULL,
  size INTEGER NOT NULL,
  sha1 TEXT NOT NULL,
  blob_key TEXT NOT NULL,
  date_created INTEGER NOT NULL,
  UNIQUE (project_id, event_id, idx)
);
CREATE INDEX attachments_created ON attachments (date_created);
CREATE TABLE outcomes (
  project_id INTEGER NOT NULL,
  hour INTEGER NOT NULL,
  outcome TEXT NOT NULL,
  category TEXT NOT NULL,
  reason TEXT NOT NULL,
  quantity INTEGER NOT NULL,
  PRIMARY KEY (project_id, hour, outcome, category, reason)
) WITHOUT ROWID;

-- Performance. One row per transaction: a transaction item, the root of a v2 span segment, or an INP
-- interaction. Times in ms (duration precise, REAL); measurements and breakdown are JSON text; the body
-- is the deflated Sentry-style transaction event. name_from_event_id is set only while an interaction
-- still waits for its page load's name (it is not in the roll-ups until then).
CREATE TABLE transactions (
  id INTEGER PRIMARY KEY,
  project_id INTEGER NOT NULL,
  event_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  trace_id TEXT NOT NULL,
  span_id TEXT NOT NULL,
  parent_span_id TEXT,
  name TEXT NOT NULL,
  name_source TEXT NOT NULL,
  name_from_event_id TEXT,
  op TEXT NOT NULL,
  status TEXT NOT NULL,
  start_ts INTEGER NOT NULL,
  duration_ms REAL NOT NULL,
  release TEXT,
  environment TEXT,
  platform TEXT NOT NULL,
  user_key TEXT,
  http_method TEXT,
  http_status INTEGER,
  browser_name TEXT,
  replay_id TEXT,
  measurements TEXT NOT NULL,
  breakdown TEXT,
  received_at INTEGER NOT NULL,
  body BLOB NOT NULL,
  UNIQUE (project_id, event_id)
);
CREATE INDEX transactions_project_start ON transactions (project_id, start_ts);
CREATE INDEX transactions_project_name_start ON transactions (project_id, name, start_ts);
CREATE INDEX transactions_trace ON transactions (trace_id, span_id);
CREATE INDEX transactions_received ON transactions (received_at);
CREATE INDEX transactions_name_from ON transactions (project_id, name_from_event_id)
  WHERE name_from_event_id IS NOT NULL;
-- Spans of every transaction and segment (a segment's spans may arrive over several envelopes). The
-- unique key also serves trace lookups within projects.
CREATE TABLE spans (
  id INTEGER PRIMARY KEY,
  project_id INTEGER NOT NULL,
  trace_id TEXT NOT NULL,
  span_id TEXT NOT NULL,
  parent_span_id TEXT,
  segment_id TEXT NOT NULL,
  transaction_event_id TEXT NOT NULL,
  op TEXT NOT NULL,
  description TEXT,
  status TEXT NOT NULL,
  start_ts INTEGER NOT NULL,
  duration_ms REAL NOT NULL,
  exclusive_ms REAL,
  is_segment INTEGER NOT NULL,
  received_at INTEGER NOT NULL,
  body BLOB NOT NULL,
  UNIQUE (project_id, trace_id, span_id)
);
CREATE INDEX spans_transaction ON spans (project_id, transaction_event_id, start_ts);
CREATE INDEX spans_received ON spans (received_at);
-- Hourly roll-ups (perf-rollups.ts): exact counts and mergeable histograms (JSON) per slice; '' stands
-- for no environment / release. Written only for newly stored transactions, in their batch's transaction.
CREATE TABLE transaction_rollups (
  project_id INTEGER NOT NULL,
  name TEXT NOT NULL,
  environment TEXT NOT NULL,
  release TEXT NOT NULL,
  hour INTEGER NOT NULL,
  kind TEXT NOT NULL,
  op TEXT NOT NULL,
  count INTEGER NOT NULL,
  failures INTEGER NOT NULL,
  sum_duration_ms REAL NOT NULL,
  durations TEXT NOT NULL,
  vitals TEXT NOT NULL,
  PRIMARY KEY (project_id, name, environment, release, hour, kind, op)
) WITHOUT ROWID;
CREATE INDEX transaction_rollups_hour ON transaction_rollups (project_id, hour);
-- Each user's slowest transaction per slice: distinct and miserable users over any range of hours.
CREATE TABLE transaction_users (
  project_id INTEGER NOT NULL,
  name TEXT NOT NULL,
  environment TEXT NOT NULL,
  release TEXT NOT NULL,
  hour INTEGER NOT NULL,
  kind TEXT NOT NULL,
  op TEXT NOT NULL,
  user_key TEXT NOT NULL,
  max_duration_ms REAL NOT NULL,
  PRIMARY KEY (project_id, name, environment, release, hour, kind, op, user_key)
) WITHOUT ROWID;
CREATE INDEX transaction_users_hour ON transaction_users (project_id, hour);
-- Web vitals whose segment is not stored (yet): merged into it when it arrives.
CREATE TABLE pending_measurements (
  project_id INTEGER NOT NULL,
  trace_id TEXT NOT NULL,
  segment_span_id TEXT NOT NULL,
  name TEXT NOT NULL,
  value REAL NOT NULL,
  unit TEXT NOT NULL,
  received_at INTEGER NOT NULL,
  PRIMARY KEY (project_id, trace_id, segment_span_id, name)
) WITHOUT ROWID;
CREATE INDEX pending_measurements_received ON pending_measurements (received_at);
`,
  },
  {
    version: 2,
    sql: `
-- Session replay. The index row is merged from the segments (replay-rows.ts), so segments may arrive
-- out of order or twice; recordings live in the blob store, one blob per segment.
CREATE TABLE replays (
  project_id INTEGER NOT NULL,
  replay_id TEXT NOT NULL,
  started_at INTEGER NOT NULL,
  finished_at INTEGER NOT NULL,
  duration INTEGER NOT NULL,
  count_segments INTEGER NOT NULL,
  count_errors INTEGER NOT NULL,
  count_urls INTEGER NOT NULL,
  urls TEXT NOT NULL,
  error_ids TEXT NOT NULL,
  trace_ids TEXT NOT NULL,
  info TEXT NOT NULL,
  info_segment INTEGER NOT NULL,
  release TEXT,
  environment TEXT,
  user_id TEXT,
  user_email TEXT,
  user_username TEXT,
  user_ip TEXT,
  size INTEGER NOT NULL,
  PRIMARY KEY (project_id, replay_id)
) WITHOUT ROWID;
CREATE INDEX replays_started ON replays (project_id, started_at);
CREATE INDEX replays_finished ON replays (finished_at);
CREATE TABLE replay_segments (
  project_id INTEGER NOT NULL,
  replay_id TEXT NOT NULL,
  segment_id INTEGER NOT NULL,
  received_at INTEGER NOT NULL,
  timestamp INTEGER NOT NULL,
  started_at INTEGER,
  urls TEXT NOT NULL,
  error_ids TEXT NOT NULL,
  trace_ids TEXT NOT NULL,
  blob_key TEXT NOT NULL,
  video_blob_key TEXT,
  size INTEGER NOT NULL,
  PRIMARY KEY (project_id, replay_id, segment_id)
) WITHOUT ROWID;
`,
  },
  {
    version: 3,
    // The apdex threshold T per project (ms); NULL means Sentry's default, 300 ms.
    sql: `ALTER TABLE projects ADD COLUMN apdex_threshold_ms INTEGER;`,
  },
  {
    version: 4,
    sql: `
-- Transaction thresholds (Sentry's ProjectTransactionThreshold and ...Override). The project's stays on
-- its row, beside apdex_threshold_ms (the one value the sentry:apdex_threshold option also edits; NULL
-- still means the default, 300 ms of duration): the metric it applies to (NULL: duration), who set it
-- and when. Users are never deleted (only deactivated), so edited_by needs no foreign key.
ALTER TABLE projects ADD COLUMN apdex_metric TEXT;
ALTER TABLE projects ADD COLUMN apdex_edited_by INTEGER;
ALTER TABLE projects ADD COLUMN apdex_date_added INTEGER;
ALTER TABLE projects ADD COLUMN apdex_date_updated INTEGER;
UPDATE projects SET apdex_date_added = CAST(strftime('%s', 'now') AS INTEGER) * 1000,
  apdex_date_updated = CAST(strftime('%s', 'now') AS INTEGER) * 1000
  WHERE apdex_threshold_ms IS NOT NULL;
CREATE TABLE transaction_threshold_overrides (
  id INTEGER PRIMARY KEY,
  project_id INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  threshold_ms INTEGER NOT NULL,
  metric TEXT NOT NULL,
  edited_by INTEGER,
  date_added INTEGER NOT NULL,
  date_updated INTEGER NOT NULL,
  UNIQUE (project_id, name)
);
-- Each user's largest LCP per slice, for user misery under an LCP threshold (NULL: no page load of
-- theirs measured one), filled in from the stored transactions.
ALTER TABLE transaction_users ADD COLUMN max_lcp_ms REAL;
${SQLITE_BACKFILL_USER_LCP}
`,
  },
  {
    version: 5,
    // A client key's rate limit (Sentry's rateLimit {count, window}); both NULL means unlimited.
    sql: `
ALTER TABLE project_keys ADD COLUMN rate_limit_count INTEGER;
ALTER TABLE project_keys ADD COLUMN rate_limit_window INTEGER;
`,
  },
  {
    version: 6,
    // Spans packed per transaction (or segment) and delivery, see span-chunk.ts: one row and two index
    // entries per chunk instead of a row, three index entries and a deflated body per span. The old
    // \`spans\` table is no longer written; its rows stay readable (listed with the chunks) until
    // retention has removed them, so upgrading costs no conversion at start.
    sql: `
CREATE TABLE span_chunks (
  id INTEGER PRIMARY KEY,
  project_id INTEGER NOT NULL,
  transaction_event_id TEXT NOT NULL,
  span_count INTEGER NOT NULL,
  span_ids BLOB NOT NULL,
  received_at INTEGER NOT NULL,
  body BLOB NOT NULL
);
CREATE INDEX span_chunks_transaction ON span_chunks (project_id, transaction_event_id);
CREATE INDEX span_chunks_received ON span_chunks (received_at);
`,
  },
  {
    version: 7,
    // The summary counts distinct (and miserable) users over a window of hours. With only (project,
    // hour) indexed, SQLite read the project's every user row, all 14 days of them, to answer for one
    // day; with the columns those counts need in the index, it reads the window's entries alone.
    sql: `
DROP INDEX transaction_users_hour;
CREATE INDEX transaction_users_hour
  ON transaction_users (project_id, hour, name, user_key, max_duration_ms, max_lcp_ms);
`,
  },
  {
    version: 8,
    // Day roll-ups (perf-grains.ts): a 14-day summary read 336 hourly rows per slice and a user's row
    // for every hour they were seen; whole days now read one. Keyed by (project, day) first, so a
    // window's rows are one range with no second index to write. Filled from the hourly rows here
    // (histograms merged in code, as the digest merges them); the digest writes both from now on.
    sql: `
CREATE TABLE transaction_rollups_day (
  project_id INTEGER NOT NULL,
  name TEXT NOT NULL,
  environment TEXT NOT NULL,
  release TEXT NOT NULL,
  day INTEGER NOT NULL,
  kind TEXT NOT NULL,
  op TEXT NOT NULL,
  count INTEGER NOT NULL,
  failures INTEGER NOT NULL,
  sum_duration_ms REAL NOT NULL,
  durations TEXT NOT NULL,
  vitals TEXT NOT NULL,
  PRIMARY KEY (project_id, day, name, environment, release, kind, op)
) WITHOUT ROWID;
CREATE TABLE transaction_users_day (
  project_id INTEGER NOT NULL,
  name TEXT NOT NULL,
  environment TEXT NOT NULL,
  release TEXT NOT NULL,
  day INTEGER NOT NULL,
  kind TEXT NOT NULL,
  op TEXT NOT NULL,
  user_key TEXT NOT NULL,
  max_duration_ms REAL NOT NULL,
  max_lcp_ms REAL,
  PRIMARY KEY (project_id, day, name, user_key, environment, release, kind, op)
) WITHOUT ROWID;
${SQLITE_BACKFILL_USERS_DAY}
`,
    backfill: (db) => {
      const hours = new RollupAccumulator();
      for (const r of db.prepare('SELECT * FROM transaction_rollups').iterate() as Iterable<Row>) {
        hours.addStored(r);
      }
      writeGrain(db, hours.byDay(), DAILY, false);
    },
  },
  {
    version: 9,
    // Packed user sets (user-sets.ts): one blob per hourly or day slice that has ended, so a long
    // window's users are merged from blobs instead of counted from a row per user and slice. The rows
    // stay the truth: a late write to a packed slice sets its blob to NULL, and the job packs it again
    // (the partial index finds those). `packed_until` is where each grain's packing has got to: the job
    // fills an empty folder's history, and an upgraded one's, from the oldest row on.
    sql: `
${userSetsTable('transaction_user_sets', 'hour')}
${userSetsTable('transaction_user_sets_day', 'day')}
CREATE TABLE transaction_user_sets_state (
  grain TEXT PRIMARY KEY,
  packed_until INTEGER NOT NULL
) WITHOUT ROWID;
`,
  },
];
