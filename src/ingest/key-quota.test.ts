import { describe, expect, it } from 'vitest';
import type { Envelope } from '../protocol/envelope.js';
import { applyKeyQuota, keyQuotaDetail } from './key-quota.js';
import { KeyWindows } from './key-windows.js';
import type { OutcomeCounter } from './outcomes.js';

function counter(): OutcomeCounter & { rows: Array<[number | null, string, string, string, number]> } {
  const rows: Array<[number | null, string, string, string, number]> = [];
  return {
    rows,
    add: (p: number | null, o: string, c: string, r: string, q = 1) => rows.push([p, o, c, r, q]),
  } as never;
}

const envelope = (...types: string[]): Envelope => ({
  headers: { event_id: 'ab'.repeat(16) },
  items: types.map((type) => ({
    headers: { type },
    payload: Buffer.from(type === 'attachment' ? 'x'.repeat(10) : '{}'),
  })),
});

describe('applyKeyQuota', () => {
  const key = { publicKey: 'k', projectId: 7, rateLimit: { count: 1, window: 60 } };
  const limit = key.rateLimit;
  const now = 1_700_000_000_000;

  it('counts error events and keeps everything while the key is within its limit', () => {
    const windows = new KeyWindows();
    const out = counter();
    const decision = applyKeyQuota(envelope('event', 'attachment'), key, limit, windows, out, now);
    expect(decision).toEqual({ counted: 1, kept: null, notice: null });
    expect(out.rows).toEqual([]);
  });

  it('takes out the refused event with its attachments and user report, keeps the rest, counts each', () => {
    const windows = new KeyWindows();
    windows.take('k', limit, 1, now);
    const out = counter();
    const decision = applyKeyQuota(
      envelope('event', 'attachment', 'user_report', 'session', 'client_report'),
      key,
      limit,
      windows,
      out,
      now + 1000,
    );
    expect(decision.kept?.map((i) => i.headers.type)).toEqual(['session', 'client_report']);
    expect(decision.notice).toEqual({
      retryAfter: 59,
      categories: ['default', 'error', 'security'],
      scope: 'key',
      reasonCode: 'key_quota',
    });
    expect(decision.counted).toBe(0);
    expect(out.rows).toEqual([
      [7, 'rate_limited', 'error', 'key_quota', 1],
      [7, 'rate_limited', 'attachment', 'key_quota', 10],
      [7, 'rate_limited', 'feedback', 'key_quota', 1],
    ]);
  });

  it('leaves nothing when the envelope was only the event', () => {
    const windows = new KeyWindows();
    windows.take('k', limit, 1, now);
    const decision = applyKeyQuota(envelope('event'), key, limit, windows, counter(), now);
    expect(decision.kept).toEqual([]);
  });

  it('counts security reports like errors, and never transactions, spans, replays or check-ins', () => {
    const windows = new KeyWindows();
    const out = counter();
    const other = envelope('transaction', 'span', 'replay_event', 'replay_recording', 'check_in', 'log');
    for (let i = 0; i < 5; i++) expect(applyKeyQuota(other, key, limit, windows, out, now).kept).toBeNull();
    expect(applyKeyQuota(envelope('security'), key, limit, windows, out, now).counted).toBe(1);
    expect(applyKeyQuota(envelope('raw_security'), key, limit, windows, out, now).kept).toEqual([]);
    expect(out.rows).toEqual([[7, 'rate_limited', 'security', 'key_quota', 1]]);
  });

  it('announces a limit refused earlier in the window on envelopes without events', () => {
    const windows = new KeyWindows();
    const sessions = envelope('session');
    expect(applyKeyQuota(sessions, key, limit, windows, counter(), now).notice).toBeNull();
    windows.take('k', limit, 1, now);
    windows.take('k', limit, 1, now);
    const decision = applyKeyQuota(sessions, key, limit, windows, counter(), now + 30_000);
    expect(decision).toMatchObject({ counted: 0, kept: null, notice: { retryAfter: 30 } });
  });

  it('says which limit refused and for how long', () => {
    expect(keyQuotaDetail({ count: 10, window: 60 }, 42.2)).toBe(
      "this DSN key's rate limit of 10 error events per 60 s is reached; retry after 43 s",
    );
  });
});
