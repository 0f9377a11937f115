import { describe, expect, it } from 'vitest';
import { processEvent } from './process-event.js';
import { truncatechars } from './title.js';

const run = (raw: Record<string, unknown>) =>
  processEvent(raw, { projectId: 1, receivedAt: Date.parse('2026-03-01T12:00:00Z') });

const frame = (extra: Record<string, unknown>) => ({
  filename: 'app/orders.py',
  function: 'create',
  module: 'app.orders',
  ...extra,
});

describe('error titles', () => {
  it('is "Type: first line of value", the value cut at 100 characters', () => {
    expect(run({ exception: [{ type: 'KeyError', value: 'line one\nline two' }] }).title).toBe(
      'KeyError: line one',
    );
    const long = run({ exception: [{ type: 'E', value: 'v'.repeat(150) }] }).title;
    expect(long).toBe(`E: ${'v'.repeat(97)}...`);
    expect(truncatechars('ab😀cdef', 5)).toBe('ab...');
  });

  it('is just the type without a value, and Error without a type', () => {
    expect(run({ exception: [{ type: 'StopIteration' }] }).title).toBe('StopIteration');
    expect(run({ exception: [{ value: 'plain text' }] }).title).toBe('Error: plain text');
  });

  it('uses the last exception of a chain', () => {
    expect(
      run({
        exception: [
          { type: 'Cause', value: 'c' },
          { type: 'Raised', value: 'r' },
        ],
      }).title,
    ).toBe('Raised: r');
  });

  it('metadata names the crash frame: the last in-app frame', () => {
    const ev = run({
      platform: 'python',
      exception: [
        {
          type: 'E',
          value: 'v',
          stacktrace: { frames: [frame({ in_app: true }), frame({ function: 'lib', in_app: false })] },
        },
      ],
    });
    expect(ev.metadata).toEqual({
      value: 'v',
      type: 'E',
      filename: 'app/orders.py',
      function: 'create',
      in_app_frame_mix: 'mixed',
    });
  });
});

describe('default event titles', () => {
  it('is the first line of the message, or <unlabeled event>', () => {
    expect(run({ message: '  hello\nworld' }).title).toBe('hello');
    expect(run({ message: 'm'.repeat(120) }).title).toBe(`${'m'.repeat(97)}...`);
    expect(run({}).title).toBe('<unlabeled event>');
  });
});

describe('culprits', () => {
  const withFrames = (platform: string, frames: unknown[], extra: Record<string, unknown> = {}) =>
    run({ platform, exception: [{ type: 'E', stacktrace: { frames } }], ...extra }).culprit;

  it('is the transaction when set (and a legacy explicit culprit wins over it)', () => {
    expect(withFrames('python', [frame({ in_app: true })], { transaction: '/orders/{id}' })).toBe(
      '/orders/{id}',
    );
    expect(withFrames('python', [frame({ in_app: true })], { transaction: 't', culprit: 'explicit' })).toBe(
      'explicit',
    );
  });

  it('is "module in function" for Python and other platforms', () => {
    expect(
      withFrames('python', [frame({ in_app: true }), frame({ module: 'lib.x', function: 'helper' })]),
    ).toBe('app.orders in create');
  });

  it('is "function(module or filename)" for JavaScript and Node', () => {
    expect(
      withFrames('node', [{ module: 'orders', function: 'create', filename: '/a/orders.js', in_app: true }]),
    ).toBe('create(orders)');
    expect(
      withFrames('javascript', [{ filename: 'https://x/app.js', function: 'Object.go', in_app: true }]),
    ).toBe('Object.go(/app.js)');
  });

  it('is the function alone for native frames', () => {
    expect(
      withFrames('native', [{ function: 'crash_here', package: '/usr/lib/libfoo.so', in_app: true }]),
    ).toBe('crash_here');
  });

  it('falls back to the last frame without in-app frames, then to the request URL', () => {
    expect(withFrames('python', [frame({ function: 'outer' }), frame({ function: 'inner' })])).toBe(
      'app.orders in inner',
    );
    expect(run({ exception: [{ type: 'E' }], request: { url: 'https://x.test/a?b=1' } }).culprit).toBe(
      'https://x.test/a',
    );
  });

  it('is empty for synthetic exceptions', () => {
    const raw = {
      platform: 'node',
      exception: [
        {
          value: 'msg',
          mechanism: { type: 'generic', synthetic: true },
          stacktrace: { frames: [frame({ in_app: true })] },
        },
      ],
    };
    expect(run(raw).culprit).toBe('');
  });
});
