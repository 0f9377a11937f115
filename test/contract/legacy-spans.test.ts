/**
 * Data folders and databases written before span chunks (SQLite migration 6, PostgreSQL migration 7)
 * hold one `spans` row per span. After upgrading, those rows must read exactly as before, merged with
 * spans stored since; a span of theirs delivered again must not be stored twice; and retention and
 * project deletion must still remove them.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ProcessedSpan } from '../../src/digest/performance/types.js';
import { packEventBody } from '../../src/storage/event-body.js';
import { DayPartitions } from '../../src/storage/postgres/partitions.js';
import { PostgresStorage } from '../../src/storage/postgres/postgres-storage.js';
import { POSTGRES_MIGRATIONS } from '../../src/storage/postgres/schema.js';
import { openSqlite } from '../../src/storage/sqlite/database.js';
import { SQLITE_MIGRATIONS } from '../../src/storage/sqlite/migrations.js';
import { SqliteStorage } from '../../src/storage/sqlite/sqlite-storage.js';
import type { Storage } from '../../src/storage/storage.js';
import { batchOf, makeSegment, makeSpan, makeTransaction } from './make-transaction.js';
import { createTestDatabase, pgAvailableOrWarn } from './pg-database.js';

const DAY = 86_400_000;
/** The columns of a per-span row, as the digest wrote them before span chunks. */
const COLUMNS =
  'project_id, trace_id, span_id, parent_span_id, segment_id, transaction_event_id, op, description, ' +
  'status, start_ts, duration_ms, exclusive_ms, is_segment, received_at, body';

const legacyValues = (s: ProcessedSpan, isSegment: unknown): unknown[] => [
  s.projectId,
  s.traceId,
  s.spanId,
  s.parentSpanId,
  s.segmentId,
  s.transactionEventId,
  s.op,
  s.description,
  s.status,
  s.startTimestamp,
  s.durationMs,
  s.exclusiveTimeMs,
  isSegment,
  s.receivedAt,
  packEventBody({ data: s.data, tags: s.tags, origin: s.origin }),
];

/** A database at the schema before span chunks, with a project, and a way to write per-span rows. */
interface OldDatabase {
  projectId: number;
  writeLegacy(spans: ProcessedSpan[]): Promise<void>;
  /** Closes the old handle and opens the database with today's code, which migrates it. */
  upgrade(): Promise<Storage>;
}

function legacyContract(name: string, open: () => Promise<OldDatabase>) {
  describe(`spans stored before span chunks: ${name}`, () => {
    const cleanups: Array<() => Promise<void>> = [];
    afterEach(async () => {
      for (const c of cleanups.splice(0).reverse()) await c();
    });

    it('reads old rows as before, merged with new deliveries, each span once; retention removes them', async () => {
      const old = await open();
      const now = Date.now();
      const tx = makeTransaction(old.projectId, { startTimestamp: now - 60_000, receivedAt: now - 59_000 });
      const txSpans = [
        makeSpan(tx, { startTimestamp: tx.startTimestamp }, true),
        makeSpan(tx, { startTimestamp: tx.startTimestamp + 3, exclusiveTimeMs: null, origin: null }),
        makeSpan(tx, { startTimestamp: tx.startTimestamp + 1, tags: [], description: null }),
      ];
      // A segment whose first envelope was stored before the upgrade and the rest after.
      const seg = makeSegment(old.projectId, { startTimestamp: now - 30_000, receivedAt: now - 29_000 });
      const [early, repeated] = [1, 2].map((i) => makeSpan(seg, { startTimestamp: seg.startTimestamp + i }));
      await old.writeLegacy([...txSpans, early!, repeated!]);
      const s = await old.upgrade();
      cleanups.push(() => s.close());

      const before = await s.listTransactionSpans(old.projectId, tx.eventId);
      expect(before.map((x) => x.spanId)).toEqual([txSpans[0], txSpans[2], txSpans[1]].map((x) => x!.spanId));
      expect(before[0]).toMatchObject({ isSegment: true, op: 'http.server', data: txSpans[0]!.data });
      expect(before[2]).toMatchObject({ exclusiveTimeMs: null, origin: null, tags: [['shard', 'a']] });
      expect(before[1]).toMatchObject({ description: null, tags: [] });
      // Replaying the transaction's envelope (same receive time) after the upgrade stores nothing.
      expect(await s.saveTransactions(batchOf([], txSpans))).toMatchObject({ spansSaved: 0 });
      expect(await s.listTransactionSpans(old.projectId, tx.eventId)).toEqual(before);

      const late = makeSpan(seg, { startTimestamp: seg.startTimestamp + 3, receivedAt: now - 1_000 });
      const again = { ...repeated!, receivedAt: now - 1_000, description: 'delivered again' };
      const stored = await s.saveTransactions(batchOf([seg], [again, late]));
      expect(stored).toMatchObject({ saved: 1, spansSaved: 1 });
      const spans = await s.listTransactionSpans(old.projectId, seg.eventId);
      expect(spans.map((x) => [x.spanId, x.description])).toEqual([
        [early!.spanId, 'SELECT 1'],
        [repeated!.spanId, 'SELECT 1'],
        [late.spanId, 'SELECT 1'],
      ]);

      for (let n = -1; n !== 0;) n = await s.deleteOldData(now + DAY, 10);
      expect(await s.listTransactionSpans(old.projectId, tx.eventId)).toEqual([]);
      expect(await s.listTransactionSpans(old.projectId, seg.eventId)).toEqual([]);
    });

    it('deletes old rows with their project', async () => {
      const old = await open();
      const tx = makeTransaction(old.projectId);
      await old.writeLegacy([makeSpan(tx, {}, true)]);
      const s = await old.upgrade();
      cleanups.push(() => s.close());
      expect(await s.listTransactionSpans(old.projectId, tx.eventId)).toHaveLength(1);
      await s.deleteProject(old.projectId);
      expect(await s.listTransactionSpans(old.projectId, tx.eventId)).toEqual([]);
    });
  });
}

legacyContract('sqlite', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'faultline-legacy-'));
  const file = path.join(dir, 'db.sqlite');
  const db = openSqlite(file);
  db.exec('CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)');
  const before = SQLITE_MIGRATIONS.filter((m) => m.version < 6);
  for (const m of before) db.exec(m.sql);
  db.prepare("INSERT INTO meta (key, value) VALUES ('schema_version', ?)").run(
    String(before.at(-1)!.version),
  );
  db.close();
  const storage = SqliteStorage.open(file, { migrate: false });
  const org = await storage.createOrganization({ slug: 'acme', name: 'Acme' });
  const project = await storage.createProject({
    organizationId: org.id,
    teamId: null,
    slug: 'p',
    name: 'p',
    platform: null,
  });
  return {
    projectId: project.id,
    async writeLegacy(spans) {
      const insert = storage.db.prepare(
        `INSERT INTO spans (${COLUMNS}) VALUES (${COLUMNS.split(',').map(() => '?')})`,
      );
      for (const s of spans) insert.run(...legacyValues(s, s.isSegment ? 1 : 0));
    },
    async upgrade() {
      await storage.close();
      const upgraded = SqliteStorage.open(file);
      const close = upgraded.close.bind(upgraded);
      upgraded.close = async () => {
        await close();
        fs.rmSync(dir, { recursive: true, force: true });
      };
      return upgraded;
    },
  };
});

if (await pgAvailableOrWarn('spans stored before span chunks, on PostgreSQL')) {
  legacyContract('postgres', async () => {
    const db = await createTestDatabase();
    const storage = await PostgresStorage.open(db.url, { migrate: false, poolSize: 2 });
    await storage.pool.query('CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)');
    const before = POSTGRES_MIGRATIONS.filter((m) => m.version < 7);
    for (const m of before) await storage.pool.query(m.sql);
    await storage.pool.query("INSERT INTO meta (key, value) VALUES ('schema_version', $1)", [
      String(before.at(-1)!.version),
    ]);
    const org = await storage.createOrganization({ slug: 'acme', name: 'Acme' });
    const project = await storage.createProject({
      organizationId: org.id,
      teamId: null,
      slug: 'p',
      name: 'p',
      platform: null,
    });
    return {
      projectId: project.id,
      async writeLegacy(spans) {
        await new DayPartitions(storage.pool, 'spans').ensureFor(spans.map((s) => s.receivedAt));
        const placeholders = COLUMNS.split(',').map((_, i) => `$${i + 1}`);
        for (const s of spans) {
          await storage.pool.query(
            `INSERT INTO spans (${COLUMNS}) VALUES (${placeholders})`,
            legacyValues(s, s.isSegment),
          );
        }
      },
      async upgrade() {
        await storage.close();
        const upgraded = await PostgresStorage.open(db.url, { poolSize: 2 });
        const close = upgraded.close.bind(upgraded);
        upgraded.close = async () => {
          await close();
          await db.drop();
        };
        return upgraded;
      },
    };
  });
}
