/**
 * Packed user sets on SQLite (see ../user-sets.ts): the job that packs each ended slice's user rows
 * into one blob, the mark a late write leaves on a packed slice, and the distinct and miserable users
 * of a window read from blobs where slices are packed and from rows where they are not.
 *
 * Each grain's `packed_until` splits time: every slice starting before it has a sets row (a blob, or
 * NULL when a write came after packing), none after it does. Packing and the digest's writes are both
 * IMMEDIATE transactions, so a slice is never packed while a batch is adding to it.
 */
import type { ThresholdTable } from '../../perf/thresholds.js';
import { dayOf, hourOf } from '../event-body.js';
import { DAILY, HOURLY, type RollupTables } from '../perf-grains.js';
import type { RollupDims } from '../perf-rollups.js';
import { sliceWhere, sqliteParams } from '../perf-rows.js';
import type { TransactionFilter, WindowOptions } from '../performance-types.js';
import { splitWindow } from '../perf-window.js';
import type { Row } from '../rows.js';
import { limitOf, UserMaxima, userNumber } from '../user-sets.js';
import type { Db } from './database.js';
import { stmt } from './statements.js';

/** A slice is packed this long after it ends, so transactions on their way seldom unpack it again. */
const SEAL_AFTER_MS = 5 * 60_000;
/** Stale slices packed again per transaction and grain. */
const STALE_STEP = 200;

const DIMS = 'project_id, name, environment, release, kind, op';
const USER_COLUMNS = 'user_key, max_duration_ms, max_lcp_ms';

function packedUntil(db: Db, g: RollupTables): number | null {
  const row = stmt(db, 'SELECT packed_until FROM transaction_user_sets_state WHERE grain = ?').get(g.sets) as
    Row | undefined;
  return row ? Number(row.packed_until) : null;
}

/**
 * Marks the packed slices a batch wrote user rows to (`dims.hour` holds the slice's start in either
 * grain) as to be packed again; slices not packed yet are left alone. Runs in the batch's transaction.
 */
export function markStale(db: Db, g: RollupTables, slices: Iterable<RollupDims>): void {
  const until = packedUntil(db, g);
  if (until === null) return;
  const mark = stmt(
    db,
    `INSERT INTO ${g.sets} (${DIMS}, ${g.time}, users) VALUES (?, ?, ?, ?, ?, ?, ?, NULL)
     ON CONFLICT (project_id, ${g.time}, name, environment, release, kind, op) DO UPDATE SET users = NULL`,
  );
  for (const d of slices) {
    if (d.hour < until) mark.run(d.projectId, d.name, d.environment, d.release, d.kind, d.op, d.hour);
  }
}

/**
 * One step of packing for each grain: stale slices, then the ended slice at `packed_until`. Returns
 * whether there is more to do.
 */
export function packUserSets(db: Db, now: number): boolean {
  let more = false;
  for (const g of [HOURLY, DAILY]) more = db.transaction(() => packStep(db, g, now)).immediate() || more;
  return more;
}

function packStep(db: Db, g: RollupTables, now: number): boolean {
  const write = stmt(
    db,
    `INSERT INTO ${g.sets} (${DIMS}, ${g.time}, users) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (project_id, ${g.time}, name, environment, release, kind, op) DO UPDATE SET users = excluded.users`,
  );
  const stale = stmt(
    db,
    `SELECT ${DIMS}, ${g.time} AS start FROM ${g.sets} WHERE users IS NULL ORDER BY ${g.time} LIMIT ${STALE_STEP}`,
  ).all() as Row[];
  for (const s of stale) {
    const users = new UserMaxima();
    addSliceRows(db, g, s, users);
    write.run(s.project_id, s.name, s.environment, s.release, s.kind, s.op, s.start, users.pack());
  }

  // Days wait for their hours to be packed; an hour is packed from its rows.
  const edge = Math.floor((now - SEAL_AFTER_MS) / g.length) * g.length;
  const ready = g === DAILY ? Math.min(edge, packedUntil(db, HOURLY) ?? 0) : edge;
  const projects = (stmt(db, 'SELECT id FROM projects ORDER BY id').all() as Row[]).map((r) => Number(r.id));
  const from = packedUntil(db, g) ?? oldestSlice(db, g, projects) ?? edge;
  // One slice per step: a catch-up over a long history goes step by step, yielding in between.
  let to = from + g.length <= ready ? from + g.length : from;
  let packed = 0;
  // A day is folded from its hours' sets, unless retention has taken some of its hours already (day
  // rows outlive them by a day): then from its day rows.
  const fromRows = g === HOURLY || (oldestSlice(db, HOURLY, projects) ?? Infinity) > from;
  for (const projectId of projects) {
    if (from === to) break;
    const slices = new Map<string, { dims: unknown[]; users: UserMaxima }>();
    const usersOf = (r: Row, start: number): UserMaxima => {
      const dims = [projectId, r.name, r.environment, r.release, r.kind, r.op, start];
      const key = dims.join('\u0000');
      let slice = slices.get(key);
      if (!slice) slices.set(key, (slice = { dims, users: new UserMaxima() }));
      return slice.users;
    };
    if (fromRows) {
      const rows = stmt(
        db,
        `SELECT ${DIMS}, ${g.time} AS start, ${USER_COLUMNS} FROM ${g.users}
         WHERE project_id = ? AND ${g.time} >= ? AND ${g.time} < ?`,
      );
      for (const r of rows.all(projectId, from, to) as Row[]) addRow(usersOf(r, Number(r.start)), r);
    } else {
      const hours = stmt(
        db,
        `SELECT ${DIMS}, hour AS start, users FROM transaction_user_sets
         WHERE project_id = ? AND hour >= ? AND hour < ?`,
      );
      for (const r of hours.all(projectId, from, to) as Row[]) {
        const users = usersOf(r, dayOf(Number(r.start)));
        if (r.users) users.addPacked(r.users as Buffer);
        else addSliceRows(db, HOURLY, r, users);
      }
    }
    for (const { dims, users } of slices.values()) write.run(...dims, users.pack());
    packed += slices.size;
  }
  // Nothing in this slice: skip to the next one holding users (a quiet night, an old folder's gaps).
  if (packed === 0 && to > from)
    to = Math.max(to, Math.min(ready, oldestSlice(db, g, projects, to) ?? ready));
  stmt(
    db,
    `INSERT INTO transaction_user_sets_state (grain, packed_until) VALUES (?, ?)
     ON CONFLICT (grain) DO UPDATE SET packed_until = excluded.packed_until`,
  ).run(g.sets, to);
  return stale.length === STALE_STEP || to < ready;
}

/** Adds the user rows of one slice (a row holding its dimensions and `start`). */
function addSliceRows(db: Db, g: RollupTables, slice: Row, users: UserMaxima): void {
  const rows = stmt(
    db,
    `SELECT ${USER_COLUMNS} FROM ${g.users}
     WHERE project_id = ? AND name = ? AND environment = ? AND release = ? AND ${g.time} = ? AND kind = ? AND op = ?`,
  );
  const key = [
    slice.project_id,
    slice.name,
    slice.environment,
    slice.release,
    slice.start,
    slice.kind,
    slice.op,
  ];
  for (const r of rows.all(...key) as Row[]) addRow(users, r);
}

/** The start of the oldest slice with user rows from `since` on, or null when there are none. */
function oldestSlice(db: Db, g: RollupTables, projects: number[], since = 0): number | null {
  const min = stmt(db, `SELECT min(${g.time}) AS t FROM ${g.users} WHERE project_id = ? AND ${g.time} >= ?`);
  let oldest: number | null = null;
  for (const id of projects) {
    const t = (min.get(id, since) as Row).t;
    if (t !== null && t !== undefined && (oldest === null || Number(t) < oldest)) oldest = Number(t);
  }
  return oldest;
}

function addRow(users: UserMaxima, r: Row): void {
  const lcp = r.max_lcp_ms === null || r.max_lcp_ms === undefined ? null : Number(r.max_lcp_ms);
  users.add(userNumber(String(r.user_key)), Number(r.max_duration_ms), lcp);
}

/**
 * Per (project, name): distinct users in the window and those slower than their limit, merged from
 * the packed slices and the rows of slices not packed (the current hour, late writes). With `days`,
 * the window's whole days come from the day grain, as {@link splitWindow} splits it. One read
 * transaction, so a slice packed (or marked) between two of its statements is neither lost nor
 * half-read.
 */
export function windowUsers(
  db: Db,
  f: TransactionFilter,
  slower: number | ThresholdTable,
  opts: WindowOptions,
): Array<{ projectId: number; name: string; users: number; slowUsers: number }> {
  return db.transaction(() => readWindowUsers(db, f, slower, opts))();
}

function readWindowUsers(
  db: Db,
  f: TransactionFilter,
  slower: number | ThresholdTable,
  opts: WindowOptions,
): Array<{ projectId: number; name: string; users: number; slowUsers: number }> {
  const groups = new Map<string, { projectId: number; name: string; users: UserMaxima }>();
  const usersOf = (r: Row): UserMaxima => {
    const key = `${String(r.project_id)}\u0000${String(r.name)}`;
    let g = groups.get(key);
    if (!g)
      groups.set(
        key,
        (g = { projectId: Number(r.project_id), name: String(r.name), users: new UserMaxima() }),
      );
    return g.users;
  };
  const { hours, days } = opts.days ? splitWindow(f.since, f.until) : { hours: [], days: null };
  const slices: Array<[RollupTables, number, number]> = days
    ? [[DAILY, ...days], ...hours.map(([a, b]): [RollupTables, number, number] => [HOURLY, a, b])]
    : [[HOURLY, hourOf(f.since), f.until]];
  for (const [g, from, to] of slices) {
    const split = Math.max(from, Math.min(to, packedUntil(db, g) ?? from));
    if (split > from) {
      let p = sqliteParams();
      const packed = `SELECT project_id, name, users FROM ${g.sets}
        WHERE ${sliceWhere(f, p, g.time, from, split)} AND users IS NOT NULL`;
      for (const r of db.prepare(packed).iterate(...p.args) as Iterable<Row>) {
        usersOf(r).addPacked(r.users as Buffer);
      }
      p = sqliteParams();
      const stale = `SELECT project_id, name, ${USER_COLUMNS}
        FROM ${g.sets} AS s JOIN ${g.users} USING (${DIMS}, ${g.time})
        WHERE ${sliceWhere(f, p, g.time, from, split)} AND s.users IS NULL`;
      for (const r of db.prepare(stale).iterate(...p.args) as Iterable<Row>) addRow(usersOf(r), r);
    }
    if (split < to) {
      const p = sqliteParams();
      const rows = `SELECT project_id, name, ${USER_COLUMNS} FROM ${g.users}
        WHERE ${sliceWhere(f, p, g.time, split, to)}`;
      for (const r of db.prepare(rows).iterate(...p.args) as Iterable<Row>) addRow(usersOf(r), r);
    }
  }
  return [...groups.values()]
    .sort((a, b) => a.projectId - b.projectId || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map(({ projectId, name, users }) => ({
      projectId,
      name,
      users: users.size,
      slowUsers: users.slowerThan(limitOf(slower, projectId, name)),
    }));
}
