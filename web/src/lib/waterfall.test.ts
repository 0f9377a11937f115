import { describe, expect, it } from 'vitest';
import type { SpanData } from './perf-types';
import {
  barGeometry,
  flattenTree,
  nestSpans,
  opCategory,
  timeRange,
  visibleRows,
  type WaterfallNode,
} from './waterfall';

const span = (id: string, parent: string | null, start: number, end: number, op = 'db.query'): SpanData => ({
  span_id: id,
  parent_span_id: parent,
  op,
  description: `${op} ${id}`,
  status: 'ok',
  start_timestamp: start,
  timestamp: end,
  exclusive_time: null,
  data: null,
});

const root = (): WaterfallNode => ({
  kind: 'transaction',
  spanId: 'root',
  op: 'http.server',
  label: 'GET /',
  status: 'ok',
  start: 0,
  end: 10,
  children: [],
});

describe('span waterfall', () => {
  it('nests spans by parent, children in start order, depth first', () => {
    const r = root();
    nestSpans(r, [
      span('c', 'a', 3, 4),
      span('b', 'root', 5, 9),
      span('a', 'root', 1, 6),
      span('d', 'a', 2, 3),
    ]);
    const rows = flattenTree([r]);
    expect(rows.map((x) => [x.spanId, x.depth])).toEqual([
      ['root', 0],
      ['a', 1],
      ['d', 2],
      ['c', 2],
      ['b', 1],
    ]);
    expect(rows[1]).toMatchObject({ childCount: 2, parentKey: rows[0]!.key });
    expect(new Set(rows.map((x) => x.key)).size).toBe(rows.length);
  });

  it('hangs unknown parents, self-parents and cycles under the transaction instead of losing them', () => {
    const r = root();
    nestSpans(r, [
      span('x', 'nowhere', 1, 2),
      span('s', 's', 2, 3),
      span('p', 'q', 3, 4),
      span('q', 'p', 4, 5),
    ]);
    const rows = flattenTree([r]);
    expect(rows.map((x) => x.spanId).sort()).toEqual(['p', 'q', 'root', 's', 'x']);
    expect(rows.filter((x) => x.depth === 1).map((x) => x.spanId)).toEqual(
      expect.arrayContaining(['x', 's']),
    );
  });

  it('keeps a span whose end is before its start visible as an instant', () => {
    const r = root();
    nestSpans(r, [span('a', 'root', 5, 2)]);
    expect(flattenTree([r])[1]).toMatchObject({ start: 5, end: 5 });
  });

  it('hides the descendants of collapsed rows only', () => {
    const r = root();
    nestSpans(r, [span('a', 'root', 1, 6), span('d', 'a', 2, 3), span('b', 'root', 5, 9)]);
    const rows = flattenTree([r]);
    const a = rows.find((x) => x.spanId === 'a')!;
    expect(visibleRows(rows, new Set([a.key])).map((x) => x.spanId)).toEqual(['root', 'a', 'b']);
    expect(visibleRows(rows, new Set([rows[0]!.key])).map((x) => x.spanId)).toEqual(['root']);
  });

  it('places bars as shares of the time range, never invisible', () => {
    const range = { start: 100, end: 110 };
    expect(barGeometry({ start: 102, end: 107 }, range)).toEqual({ left: 20, width: 50 });
    expect(barGeometry({ start: 110, end: 110 }, range).width).toBeGreaterThan(0);
    expect(timeRange([])).toEqual({ start: 0, end: 1 });
    const r = root();
    expect(timeRange(flattenTree([r]))).toEqual({ start: 0, end: 10 });
  });

  it('groups ops into colour families', () => {
    expect(opCategory('http.client')).toBe('http');
    expect(opCategory('ui.interaction.click')).toBe('ui');
    expect(opCategory('<script>')).toBe('other');
  });
});
