import { describe, expect, it } from 'vitest';
import { loadRecording } from '../../../test/fixtures.js';
import { processEvent } from './process-event.js';

/** The event payload and envelope header of a recorded SDK request (`/store/` body or envelope `event` item). */
function loadEvent(name: string): { payload: Record<string, unknown>; header: Record<string, unknown> } {
  const rec = loadRecording(name);
  const text = rec.body.toString('utf8');
  if (rec.url.includes('/store/'))
    return { payload: JSON.parse(text) as Record<string, unknown>, header: {} };
  const lines = text.split('\n');
  const header = JSON.parse(lines[0]!) as Record<string, unknown>;
  for (let i = 1; i < lines.length - 1; i++) {
    if ((JSON.parse(lines[i]!) as { type?: string }).type === 'event') {
      return { payload: JSON.parse(lines[i + 1]!) as Record<string, unknown>, header };
    }
  }
  throw new Error(`no event in ${name}`);
}

const ctx = (header: Record<string, unknown> = {}) => ({
  projectId: 1,
  receivedAt: Date.parse('2026-11-21T05:52:00Z'),
  ...(typeof header['event_id'] === 'string' ? { eventId: header['event_id'] } : {}),
  ...(typeof header['sent_at'] === 'string' ? { sentAt: Date.parse(header['sent_at']) } : {}),
  clientIp: '203.0.113.7',
  userAgent:
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.6099.109 Safari/537.36',
});

describe('processEvent on real SDK payloads', () => {
  it('node: TypeError with in-app frames', () => {
    const { payload, header } = loadEvent('node-11.12.0/001.json');
    const ev = processEvent(payload, ctx(header));
    expect(ev.eventId).toBe('e70ee625aa05493ba6b10b944137e8a9');
    expect(ev.type).toBe('error');
    expect(ev.platform).toBe('node');
    expect(ev.title).toBe('TypeError: order 1001 could not be processed (14)');
    expect(ev.culprit).toBe('innerFailingFunction(capture-node)');
    expect(ev.metadata).toEqual({
      value: 'order 1001 could not be processed (14)',
      type: 'TypeError',
      filename: '/srv/demo-app/node/capture-node.js',
      function: 'innerFailingFunction',
      in_app_frame_mix: 'mixed',
    });
    expect(ev.timestamp).toBe(1795240319098);
    expect(ev.traceId).toBe('0f76a6ad328f40378c72deecbd85347e');
    expect(ev.userKey).toBe('id:42');
    const tags = Object.fromEntries(ev.tags);
    expect(tags).toMatchObject({
      component: 'checkout',
      level: 'error',
      environment: 'production',
      server_name: 'vm',
      runtime: 'node v20.20.2',
      'runtime.name': 'node',
      os: 'Debian 12.11',
      handled: 'yes',
      mechanism: 'generic',
      user: 'id:42',
    });
    // The only system frames are Node internals, which never count: system equals app, stored once.
    expect(ev.hashes).toHaveLength(1);
    expect(ev.groupingConfig).toBe('newstyle:2023-01-11');
  });

  it('node: captureMessage with a synthetic stack is titled by the crash function, like Sentry', () => {
    const { payload, header } = loadEvent('node-11.12.0/002.json');
    const ev = processEvent(payload, ctx(header));
    expect(ev.type).toBe('error');
    expect(ev.level).toBe('warning');
    expect(ev.title).toBe('main');
    expect(ev.culprit).toBe('');
    expect(ev.metadata['type']).toBeUndefined();
  });

  it('python /store/: IndexError', () => {
    const { payload } = loadEvent('python-1.9.10/001.json');
    const ev = processEvent(payload, ctx());
    expect(ev.title).toBe('IndexError: list index out of range');
    expect(ev.culprit).toBe('__main__ in inner_failing_function');
    expect(ev.release).toBe('capture-python@1.2.3');
    expect(ev.environment).toBe('staging');
    expect(ev.timestamp).toBe(Math.round(Date.parse('2026-11-21T05:47:23.572Z') + 0.797));
    // All frames in-app, so app and system agree and the hash is stored once.
    expect(ev.hashes).toHaveLength(1);
  });

  it('python message event', () => {
    const { payload, header } = loadEvent('python-1.9.10/002.json');
    const ev = processEvent(payload, ctx(header));
    expect(ev.type).toBe('default');
    expect(ev.title).toBe('hello from python sentry-sdk');
    expect(ev.metadata).toEqual({ title: 'hello from python sentry-sdk' });
    expect(ev.culprit).toBe('');
  });

  it('browser: transaction is the culprit, UA fills browser and OS', () => {
    const { payload, header } = loadEvent('browser-11.12.0-replay/005.json');
    const ev = processEvent(payload, ctx(header));
    expect(ev.title).toBe('Error: boom after 2 clicks');
    expect(ev.culprit).toBe('/index.html');
    const tags = Object.fromEntries(ev.tags);
    expect(tags['browser.name']).toBe('Chrome Headless');
    expect(tags['browser']).toBe('Chrome Headless 156.0.0');
    expect(tags['os']).toBe('Linux');
    expect(tags['url']).toBe('http://127.0.0.1:9778/index.html');
    expect(tags['handled']).toBe('no');
    expect(tags['replayId']).toBe('b524af63f5f14693937c1962efde5759');
    expect(ev.data['user']).toMatchObject({ id: '42', ip_address: '203.0.113.7' });
    const frame = (ev.data['exception'] as { values: Array<{ stacktrace: { frames: unknown[] } }> })
      .values[0]!.stacktrace.frames[0];
    expect(frame).toMatchObject({
      abs_path: 'http://127.0.0.1:9778/bundle.js',
      filename: '/bundle.js',
      in_app: true,
    });
  });
});
