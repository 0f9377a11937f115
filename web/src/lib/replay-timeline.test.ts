import { describe, expect, it } from 'vitest';
import { buildTimeline, formatOffset, toMs } from './replay-timeline';

const T = 1_795_240_115_000;
const crumb = (at: number, payload: Record<string, unknown>) => ({
  type: 5,
  timestamp: T + at,
  data: { tag: 'breadcrumb', payload: { timestamp: (T + at) / 1000, ...payload } },
});

describe('replay timeline', () => {
  it('feeds the player every non-custom event in time order, across segments', () => {
    const t = buildTimeline([
      [
        { type: 4, timestamp: T, data: { href: 'https://x.example/' } },
        { type: 2, timestamp: T + 1, data: {} },
      ],
      [
        { type: 3, timestamp: T + 5000, data: { source: 2 } },
        crumb(5000, { category: 'ui.click', message: 'button#buy' }),
      ],
      'not a segment',
      [{ type: 3, timestamp: T + 2000, data: { source: 1 } }, { nope: true }],
    ]);
    expect(t.playerEvents.map((e) => e.timestamp - T)).toEqual([0, 1, 2000, 5000]);
    expect(t.start).toBe(T);
    expect(t.end).toBe(T + 5000);
  });

  it('builds clicks, inputs, console lines, page loads and requests from Sentry’s custom events', () => {
    const t = buildTimeline([
      [
        { type: 4, timestamp: T, data: {} },
        crumb(100, { category: 'ui.input', message: 'input#name' }),
        crumb(200, { category: 'console', level: 'warning', message: 'careful' }),
        crumb(250, { category: 'replay.mutations', message: 'noise' }),
        crumb(300, { category: 'navigation', data: { from: '/', to: '/cart' } }),
        {
          type: 5,
          timestamp: (T + 400) / 1000,
          data: {
            tag: 'performanceSpan',
            payload: {
              op: 'resource.fetch',
              description: '/api/cart',
              startTimestamp: (T + 400) / 1000,
              endTimestamp: (T + 520) / 1000,
              data: { method: 'POST', statusCode: 502 },
            },
          },
        },
        {
          type: 5,
          timestamp: T,
          data: {
            tag: 'performanceSpan',
            payload: {
              op: 'navigation.navigate',
              description: 'https://x.example/',
              startTimestamp: T / 1000,
            },
          },
        },
        {
          type: 5,
          timestamp: T,
          data: { tag: 'performanceSpan', payload: { op: 'memory', startTimestamp: T / 1000 } },
        },
      ],
    ]);
    expect(t.crumbs.map((c) => [c.kind, c.time - T, c.detail])).toEqual([
      ['navigation', 0, 'https://x.example/'],
      ['input', 100, 'input#name'],
      ['console', 200, 'careful'],
      ['navigation', 300, '/cart'],
      ['network', 400, '/api/cart'],
    ]);
    const request = t.crumbs[4]!;
    expect(request).toMatchObject({ method: 'POST', status: 502, label: 'Fetch' });
    expect(request.durationMs).toBeCloseTo(120, 3);
    expect(t.crumbs[2]).toMatchObject({ label: 'Console warning', level: 'warning' });
  });

  it('reads seconds and milliseconds alike, and formats offsets', () => {
    expect(toMs(1795240115.5)).toBe(1795240115500);
    expect(toMs(1795240115500)).toBe(1795240115500);
    expect(toMs('1')).toBeNull();
    expect(formatOffset(65_400)).toBe('1:05');
    expect(formatOffset(-5)).toBe('0:00');
    expect(buildTimeline(null)).toEqual({ playerEvents: [], start: 0, end: 0, crumbs: [] });
  });
});
