import pg from 'pg';
import { BROWSERS, OSES, PAGES, bodyTemplate, issueShape } from './seed-big.mjs';

const DAY = 86_400_000;

/**
 * Runs `fill` on `table` with its primary key and indexes dropped, then rebuilds them from their own
 * definitions (read from the catalog, so they are exactly the migration's): one sorted build instead of
 * millions of random-order index inserts, the usual way to bulk-load.
 * @param {pg.Client} client
 * @param {string} table
 * @param {() => Promise<void>} fill
 * @param {(seconds: number) => void} [onRebuilt]
 */
async function withoutIndexes(client, table, fill, onRebuilt) {
  const { rows: keys } = await client.query(
    `SELECT conname, pg_get_constraintdef(oid) AS def FROM pg_constraint
     WHERE conrelid = $1::regclass AND contype IN ('p', 'u')`,
    [table],
  );
  const { rows: indexes } = await client.query(
    `SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() AND tablename = $1
       AND indexname NOT IN (SELECT conname FROM pg_constraint WHERE conrelid = $1::regclass)`,
    [table],
  );
  for (const i of indexes) await client.query(`DROP INDEX ${i.indexname}`);
  for (const k of keys) await client.query(`ALTER TABLE ${table} DROP CONSTRAINT ${k.conname}`);
  await fill();
  const t0 = performance.now();
  for (const k of keys) await client.query(`ALTER TABLE ${table} ADD CONSTRAINT ${k.conname} ${k.def}`);
  for (const i of indexes) await client.query(i.indexdef);
  onRebuilt?.((performance.now() - t0) / 1000);
}

/**
 * Seeds a migrated, provisioned PostgreSQL database with `events` error events in `issues` issues, in
 * SQL on the server (generate_series into an unlogged staging table, then INSERT … SELECT into the
 * real tables): tens of times faster than the digest's write path, with the tables ending up as the
 * digest would leave them. The distribution is the SQLite `--big` one (seed-big.mjs): timestamps over
 * the last 14 days, a long tail of events per issue (u³), the same nine tags per event, and per-issue
 * `issue_tags`, `issue_users`, `issue_hourly` and counters aggregated from the events themselves.
 *
 * Two shortcuts, neither read by the issue list: each issue's events share one stored body (the
 * normalised Node recording with that issue's exception, deflated as the digest does, ~1 KB), whose
 * `event_id` is not the row's; and events have no trace id.
 * The roll-up tables are filled with their indexes dropped and rebuilt, and with foreign-key triggers
 * off for this session (`session_replication_role = replica`; the rows are consistent by
 * construction). Ends with VACUUM ANALYZE, which autovacuum would do by itself a little later.
 * @param {{ url: string, projectId: number, events: number, issues: number,
 *   log: (line: string) => void }} o
 * @returns {Promise<{ seconds: number, events: number, issues: number, databaseMiB: number,
 *   steps: Record<string, number> }>}
 */
export async function seedPostgresBig({ url, projectId, events, issues, log }) {
  const { packEventBody } = await import('../dist/storage/event-body.js');
  const { DayPartitions } = await import('../dist/storage/postgres/partitions.js');
  const { issueSearchText } = await import('../dist/storage/search-text.js');
  const template = await bodyTemplate();
  const now = Date.now();
  const t0 = performance.now();
  /** @type {Record<string, number>} */
  const steps = {};
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  /** @param {string} table */
  const rebuilt = (table) => (/** @type {number} */ seconds) => {
    steps[`${table} indexes`] = seconds;
    log(`  ${table} indexes rebuilt: ${seconds.toFixed(1)} s`);
  };
  /**
   * @param {string} label
   * @param {string} sql
   * @param {unknown[]} [params]
   */
  const step = async (label, sql, params = []) => {
    const s0 = performance.now();
    const result = await client.query(sql, params);
    const seconds = (performance.now() - s0) / 1000;
    steps[label] = (steps[label] ?? 0) + seconds;
    log(`  ${label}: ${seconds.toFixed(1)} s (${((performance.now() - t0) / 1000).toFixed(0)} s in)`);
    return result;
  };
  try {
    // Bulk-load settings for this session only: the server's configuration is left as it is.
    await client.query(`SET synchronous_commit = off`);
    await client.query(`SET work_mem = '256MB'`);
    await client.query(`SET maintenance_work_mem = '1GB'`);
    await client.query(`SET session_replication_role = replica`);

    // The day partitions, made by the adapter's own code.
    const pool = new pg.Pool({ connectionString: url, max: 1 });
    const days = Array.from({ length: 16 }, (_, d) => now - (d - 1) * DAY);
    await new DayPartitions(pool, 'events').ensureFor(days);
    await pool.end();

    // One row per issue: its shape, and the body its events store.
    const shapes = Array.from({ length: issues }, (_, i) => issueShape(i));
    const bodies = shapes.map((s) =>
      packEventBody({
        ...template,
        event_id: '0'.repeat(32),
        level: s.level,
        platform: 'javascript',
        exception: { values: [{ ...template.exception.values[0], type: s.type, value: s.value }] },
        title: s.title,
        culprit: s.culprit,
        metadata: s.metadata,
        hashes: [s.hash],
      }),
    );
    await client.query(`DROP TABLE IF EXISTS bench_seed_issues, bench_seed_events`);
    await client.query(`CREATE UNLOGGED TABLE bench_seed_issues (
      i INTEGER PRIMARY KEY, title TEXT, culprit TEXT, level TEXT, type TEXT, metadata TEXT, hash TEXT,
      handled TEXT, mechanism TEXT, search_text TEXT, body BYTEA, issue_id BIGINT,
      n BIGINT, first_seen BIGINT, last_seen BIGINT)`);
    await client.query(
      `INSERT INTO bench_seed_issues (i, title, culprit, level, type, metadata, hash, handled, mechanism,
         search_text, body)
       SELECT * FROM unnest($1::int[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[],
         $7::text[], $8::text[], $9::text[], $10::text[], $11::bytea[])`,
      [
        shapes.map((_, i) => i),
        shapes.map((s) => s.title),
        shapes.map((s) => s.culprit),
        shapes.map((s) => s.level),
        shapes.map((s) => s.type),
        shapes.map((s) => JSON.stringify(s.metadata)),
        shapes.map((s) => s.hash),
        shapes.map((s) => s.handled),
        shapes.map((s) => s.mechanism),
        shapes.map((s) => issueSearchText(/** @type {any} */ (s))),
        bodies,
      ],
    );

    // Every event's attributes, drawn as seed-big.mjs draws them.
    await step(
      'staging events',
      `CREATE UNLOGGED TABLE bench_seed_events AS
       SELECT n, issue, md5(n::text || ':' || $3::text) AS event_id, ts,
         ts + 20 + floor(random() * 500)::bigint AS received_at,
         'web@2.' || (($3::bigint - ts) / ${DAY}) || '.0' AS release,
         CASE WHEN random() < 0.9 THEN 'production' ELSE 'staging' END AS environment,
         ($4::text[])[1 + floor(random() * cardinality($4::text[]))::int] AS browser,
         ($5::text[])[1 + floor(random() * cardinality($5::text[]))::int] AS os,
         ($6::text[])[1 + floor(random() * cardinality($6::text[]))::int] AS url,
         CASE WHEN random() < 0.9 THEN 'id:' || floor(random() * 50000)::int END AS user_key
       FROM (
         SELECT n, CASE WHEN n < $2 THEN n ELSE floor($2 * power(random(), 3))::int END AS issue,
           $3::bigint - floor(random() * 14 * ${DAY})::bigint AS ts
         FROM generate_series(0, $1::int - 1) AS n
       ) s`,
      [events, issues, now, BROWSERS, OSES, PAGES],
    );
    await step(
      'issue counters',
      `UPDATE bench_seed_issues i SET n = a.n, first_seen = a.f, last_seen = a.l
       FROM (SELECT issue, count(*) AS n, min(ts) AS f, max(ts) AS l FROM bench_seed_events GROUP BY issue) a
       WHERE a.issue = i.i`,
    );
    // Issues with their final counters (user_count follows from issue_users below).
    await step(
      'issues',
      `INSERT INTO issues (project_id, short_number, title, culprit, level, type, platform, status, substatus,
         metadata, times_seen, user_count, first_seen, last_seen, first_release, last_release, search_text)
       SELECT $1, i + 1, title, culprit, level, 'error', 'javascript', 'unresolved', 'new', metadata, n, 0,
         first_seen, last_seen, 'web@2.' || (($2::bigint - first_seen) / ${DAY}) || '.0',
         'web@2.' || (($2::bigint - last_seen) / ${DAY}) || '.0', search_text
       FROM bench_seed_issues ORDER BY i`,
      [projectId, now],
    );
    await client.query(
      `UPDATE bench_seed_issues s SET issue_id = i.id FROM issues i
       WHERE i.project_id = $1 AND i.short_number = s.i + 1`,
      [projectId],
    );
    await client.query(
      `INSERT INTO issue_hashes (project_id, hash, issue_id, config)
       SELECT $1, hash, issue_id, 'newstyle:2023-01-11' FROM bench_seed_issues ORDER BY hash`,
      [projectId],
    );
    await client.query(`UPDATE projects SET next_short_number = $2 + 1, first_event_at = $3 WHERE id = $1`, [
      projectId,
      issues,
      now - 14 * DAY,
    ]);

    // Events day by day (one partition each, in arrival order, as the digest appends them).
    const first = Math.floor((now - 14 * DAY) / DAY) * DAY;
    for (let day = first; day <= now; day += DAY) {
      await step(
        'events',
        `INSERT INTO events (project_id, event_id, issue_id, timestamp, received_at, trace_id, body)
         SELECT $1, e.event_id, i.issue_id, e.ts, e.received_at, NULL, i.body
         FROM bench_seed_events e JOIN bench_seed_issues i ON i.i = e.issue
         WHERE e.received_at >= $2 AND e.received_at < $3 ORDER BY e.received_at, e.n`,
        [projectId, day, day + DAY],
      );
    }
    await withoutIndexes(
      client,
      'event_ids',
      async () => {
        await step(
          'event_ids',
          `INSERT INTO event_ids (project_id, event_id, received_at)
         SELECT $1, event_id, received_at FROM bench_seed_events`,
          [projectId],
        );
      },
      rebuilt('event_ids'),
    );

    await withoutIndexes(
      client,
      'issue_tags',
      () =>
        withoutIndexes(
          client,
          'issue_users',
          async () => {
            // Tag roll-ups: the per-event tags, then the three that are constant per issue.
            for (const key of ['environment', 'release', 'browser', 'os', 'url', 'user']) {
              const column = key === 'user' ? 'user_key' : key;
              await step(
                'issue_tags',
                `INSERT INTO issue_tags (issue_id, key, value, times_seen, first_seen, last_seen)
           SELECT i.issue_id, $1, e.value, e.n, e.f, e.l FROM (
             SELECT issue, ${column} AS value, count(*) AS n, min(ts) AS f, max(ts) AS l
             FROM bench_seed_events WHERE ${column} IS NOT NULL GROUP BY 1, 2
           ) e JOIN bench_seed_issues i ON i.i = e.issue`,
                [key],
              );
            }
            for (const key of ['level', 'handled', 'mechanism']) {
              await client.query(
                `INSERT INTO issue_tags (issue_id, key, value, times_seen, first_seen, last_seen)
           SELECT issue_id, $1, ${key}, n, first_seen, last_seen FROM bench_seed_issues`,
                [key],
              );
            }
            await step(
              'issue_users',
              `INSERT INTO issue_users (issue_id, user_key)
         SELECT issue_id, value FROM issue_tags
         WHERE key = 'user' AND issue_id IN (SELECT issue_id FROM bench_seed_issues)`,
            );
            await step(
              'user counts',
              `UPDATE issues i SET user_count = u.n
         FROM (SELECT issue_id, count(*) AS n FROM issue_users GROUP BY issue_id) u
         WHERE u.issue_id = i.id AND i.project_id = $1`,
              [projectId],
            );
          },
          rebuilt('issue_users'),
        ),
      rebuilt('issue_tags'),
    );
    await withoutIndexes(
      client,
      'issue_hourly',
      async () => {
        await step(
          'issue_hourly',
          `INSERT INTO issue_hourly (issue_id, hour, count)
         SELECT i.issue_id, e.hour, e.n FROM (
           SELECT issue, ts - ts % 3600000 AS hour, count(*) AS n FROM bench_seed_events GROUP BY 1, 2
         ) e JOIN bench_seed_issues i ON i.i = e.issue`,
        );
      },
      rebuilt('issue_hourly'),
    );
    await client.query(`DROP TABLE bench_seed_issues, bench_seed_events`);
    await step('vacuum analyze', `VACUUM ANALYZE`);
    const { rows } = await client.query(`SELECT pg_database_size(current_database())::text AS size`);
    const seconds = (performance.now() - t0) / 1000;
    return { seconds, events, issues, databaseMiB: Number(rows[0].size) / 2 ** 20, steps };
  } finally {
    await client.end();
  }
}
