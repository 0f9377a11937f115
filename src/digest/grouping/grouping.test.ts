import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { processEvent } from '../event/process-event.js';
import { GROUPING_CONFIG } from './index.js';

/** md5 of the literal concatenation of the parts: the expected hash, worked out by hand. */
const md5 = (...parts: string[]): string => createHash('md5').update(parts.join(''), 'utf8').digest('hex');

const hashesOf = (raw: Record<string, unknown>): string[] =>
  processEvent(raw, { projectId: 1, receivedAt: Date.parse('2026-01-01T00:00:00Z') }).hashes;

const error = (platform: string, type: string, frames: unknown[], extra: Record<string, unknown> = {}) => ({
  platform,
  exception: { values: [{ type, value: 'something 42 went wrong', stacktrace: { frames } }] },
  ...extra,
});

describe('grouping: no stack trace', () => {
  it('Python ValueError without a stack groups by type and parameterised value (the ingest.md example)', () => {
    const raw = {
      platform: 'python',
      exception: { values: [{ type: 'ValueError', value: 'id 42 missing' }] },
    };
    expect(hashesOf(raw)).toEqual([md5('ValueError', 'id <int> missing')]);
  });

  it('a synthetic exception does not group by its type', () => {
    const raw = {
      platform: 'python',
      exception: {
        values: [{ type: 'Exception', value: 'disk full', mechanism: { type: 'x', synthetic: true } }],
      },
    };
    expect(hashesOf(raw)).toEqual([md5('disk full')]);
  });

  it('nothing to group by hashes the empty string', () => {
    expect(hashesOf({ platform: 'other' })).toEqual([md5('')]);
    expect(GROUPING_CONFIG).toBe('newstyle:2023-01-11');
  });
});

describe('grouping: browser JavaScript', () => {
  const frames = [
    {
      filename: 'https://cdn.example.com/vendor.js',
      function: 'Array.forEach',
      lineno: 1,
      colno: 900,
      in_app: false,
    },
    {
      filename: 'https://example.com/static/app.js?v=3',
      function: 'HTMLButtonElement.onClick',
      lineno: 10,
      in_app: true,
    },
    {
      filename: 'https://example.com/static/app.js',
      function: 'Object.handleClick',
      lineno: 20,
      in_app: true,
      context_line: '    throw new Error("boom")',
    },
  ];

  it('ignores URL filenames, uses the function after the last dot, and context lines when a function exists', () => {
    const app = md5('onClick', 'handleClick', 'throw new Error("boom")', 'TypeError');
    const system = md5('forEach', 'onClick', 'handleClick', 'throw new Error("boom")', 'TypeError');
    expect(hashesOf(error('javascript', 'TypeError', frames))).toEqual([app, system]);
  });

  it('line and column numbers and URL hosts never change the hash', () => {
    const moved = frames.map((f, i) => ({
      ...f,
      lineno: 1000 + i,
      colno: 7,
      filename: f.filename.replace('example.com', 'cdn2.example.net'),
    }));
    expect(hashesOf(error('javascript', 'TypeError', moved))).toEqual(
      hashesOf(error('javascript', 'TypeError', frames)),
    );
  });

  it('an anonymous-only stack still "contributes" without values, as in Sentry (groups by type)', () => {
    const anon = [
      { filename: 'http://127.0.0.1/bundle.js', function: 'HTMLButtonElement.<anonymous>', in_app: true },
    ];
    expect(hashesOf(error('javascript', 'Error', anon))).toEqual([md5('Error')]);
  });
});

describe('grouping: Node', () => {
  const frames = [
    {
      filename: 'node:internal/process/task_queues',
      module: 'task_queues',
      function: 'process.processTicksAndRejections',
      in_app: false,
    },
    {
      filename: '/app/node_modules/express/lib/router/layer.js',
      module: 'express.lib.router:layer',
      function: 'Layer.handle [as handle_request]',
      context_line: '    fn(req, res, next);',
      in_app: false,
    },
    {
      filename: '/app/src/orders.js',
      module: 'orders',
      function: 'processOrder',
      context_line: '  throw new Error(`order ${id} failed`);',
      in_app: true,
    },
  ];

  it('uses module, function and context line; Node internals never count', () => {
    const app = md5('orders', 'processOrder', 'throw new Error(`order ${id} failed`);', 'Error');
    const system = md5(
      'express.lib.router:layer',
      'handle [as handle_request]',
      'fn(req, res, next);',
      'orders',
      'processOrder',
      'throw new Error(`order ${id} failed`);',
      'Error',
    );
    expect(hashesOf(error('node', 'Error', frames))).toEqual([app, system]);
  });

  it('node_modules frames are never in-app, whatever the SDK says', () => {
    const lying = frames.map((f) => ({ ...f, in_app: true }));
    expect(hashesOf(error('node', 'Error', lying))[0]).toBe(
      md5('orders', 'processOrder', 'throw new Error(`order ${id} failed`);', 'Error'),
    );
  });

  it('without in-app frames only the system variant counts (no type/value fallback hash)', () => {
    const system = frames.slice(0, 2);
    expect(hashesOf(error('node', 'Error', system))).toEqual([
      md5('express.lib.router:layer', 'handle [as handle_request]', 'fn(req, res, next);', 'Error'),
    ]);
  });
});

describe('grouping: Python', () => {
  const frames = [
    {
      filename: 'django/core/handlers/base.py',
      abs_path: '/usr/lib/python3/site-packages/django/core/handlers/base.py',
      module: 'django.core.handlers.base',
      function: '_get_response',
      context_line: '                response = wrapped_callback(request, *callback_args, **callback_kwargs)',
    },
    {
      filename: 'myapp/views.py',
      abs_path: '/srv/myapp/views.py',
      module: 'myapp.views',
      function: 'get',
      context_line: '        return Order.objects.get(pk=pk)',
      in_app: true,
    },
  ];

  it('module wins over filename and the context line counts; site-packages is not in-app', () => {
    const app = md5('myapp.views', 'get', 'return Order.objects.get(pk=pk)', 'DoesNotExist');
    const system = md5(
      'django.core.handlers.base',
      '_get_response',
      'response = wrapped_callback(request, *callback_args, **callback_kwargs)',
      'myapp.views',
      'get',
      'return Order.objects.get(pk=pk)',
      'DoesNotExist',
    );
    expect(hashesOf(error('python', 'DoesNotExist', frames))).toEqual([app, system]);
  });

  it('context lines longer than 120 characters do not count', () => {
    const long = [{ ...frames[1], context_line: `x = ${'a'.repeat(130)}` }];
    expect(hashesOf(error('python', 'KeyError', long))).toEqual([md5('myapp.views', 'get', 'KeyError')]);
  });
});

describe('grouping: Java', () => {
  it('uses module and function, no context lines; lambda$ functions and $$Lambda$ modules are ignored', () => {
    const frames = [
      { module: 'java.lang.Thread', filename: 'Thread.java', function: 'run', in_app: false },
      {
        module: 'com.example.OrderService',
        filename: 'OrderService.java',
        function: 'process',
        lineno: 42,
        in_app: true,
        context_line: 'x();',
      },
      {
        module: 'com.example.OrderService$$Lambda$14/0x0000000800c02a00',
        filename: 'OrderService.java',
        function: 'accept',
        in_app: true,
      },
      {
        module: 'com.example.OrderService',
        filename: 'OrderService.java',
        function: 'lambda$process$0',
        lineno: 50,
        in_app: true,
      },
    ];
    const appValues = [
      'com.example.OrderService',
      'process',
      'orderservice.java',
      'accept',
      'com.example.OrderService',
    ];
    expect(hashesOf(error('java', 'IllegalStateException', frames))).toEqual([
      md5(...appValues, 'IllegalStateException'),
      md5('java.lang.Thread', 'run', ...appValues, 'IllegalStateException'),
    ]);
  });
});

describe('grouping: recursion, chains, threads, messages', () => {
  const fib = {
    module: 'math_utils',
    function: 'fib',
    lineno: 3,
    in_app: true,
    context_line: 'return fib(n - 1) + fib(n - 2)',
  };

  it('skips a frame identical to its caller (direct recursion)', () => {
    const once = hashesOf(error('python', 'RecursionError', [fib]));
    expect(hashesOf(error('python', 'RecursionError', [fib, fib, fib]))).toEqual(once);
    expect(once).toEqual([md5('math_utils', 'fib', 'return fib(n - 1) + fib(n - 2)', 'RecursionError')]);
    // A different line is not direct recursion.
    expect(hashesOf(error('python', 'RecursionError', [fib, { ...fib, lineno: 4 }]))).not.toEqual(once);
  });

  it('chained exceptions contribute in payload order (cause first)', () => {
    const raw = {
      platform: 'python',
      exception: {
        values: [
          { type: 'KeyError', value: "'sku'" },
          {
            type: 'OrderError',
            value: 'order 7 invalid',
            stacktrace: { frames: [{ ...fib, function: 'load' }] },
          },
        ],
      },
    };
    // The cause has no stack: it counts in the app chain only (type and value), and Sentry leaves it
    // out of the system chain entirely, so the two variants differ.
    const frame = ['math_utils', 'load', 'return fib(n - 1) + fib(n - 2)'];
    expect(hashesOf(raw)).toEqual([
      md5('KeyError', "'sku'", ...frame, 'OrderError'),
      md5(...frame, 'OrderError'),
    ]);
  });

  it('exception groups with one distinct leaf group (and are titled) by that leaf', () => {
    const leaf = (id: number) => ({
      type: 'ValueError',
      value: 'bad 1',
      mechanism: { type: 'chained', exception_id: id, parent_id: 0 },
    });
    const raw = {
      platform: 'python',
      exception: [
        leaf(2),
        leaf(1),
        {
          type: 'ExceptionGroup',
          value: 'many',
          mechanism: { type: 'generic', exception_id: 0, is_exception_group: true },
        },
      ],
    };
    const ev = processEvent(raw, { projectId: 1, receivedAt: Date.parse('2026-01-01T00:00:00Z') });
    expect(ev.hashes).toEqual([md5('ValueError', 'bad <int>')]);
    expect(ev.title).toBe('ValueError: bad 1');
  });

  it('threads: the crashed thread groups when there is no exception', () => {
    const raw = {
      platform: 'python',
      threads: {
        values: [
          { id: 1, stacktrace: { frames: [{ ...fib, function: 'idle' }] } },
          { id: 2, crashed: true, stacktrace: { frames: [fib] } },
        ],
      },
    };
    expect(hashesOf(raw)).toEqual([md5('math_utils', 'fib', 'return fib(n - 1) + fib(n - 2)')]);
  });

  it('a top-level stack trace beats the message', () => {
    const raw = { platform: 'python', message: 'hello 1', stacktrace: { frames: [fib] } };
    expect(hashesOf(raw)).toEqual([md5('math_utils', 'fib', 'return fib(n - 1) + fib(n - 2)')]);
  });

  it('messages group by the template when there is one, else by the parameterised text', () => {
    expect(
      hashesOf({ platform: 'python', logentry: { message: 'order %s failed', params: ['1001'] } }),
    ).toEqual([md5('order %s failed')]);
    expect(hashesOf({ platform: 'python', message: 'order 1001 failed for bob@example.com' })).toEqual([
      md5('order <int> failed for <email>'),
    ]);
  });
});

describe('grouping: fingerprints', () => {
  const base = {
    platform: 'python',
    transaction: '/api/orders',
    level: 'warning',
    logger: 'orders',
    tags: { tenant: 'acme' },
  };
  const exc = {
    exception: {
      values: [
        {
          type: 'ValueError',
          value: 'id 42 missing',
          stacktrace: { frames: [{ module: 'orders.api', function: 'create', in_app: true }] },
        },
      ],
    },
  };

  it('custom: md5 of the resolved values', () => {
    expect(hashesOf({ ...base, fingerprint: ['database-unavailable', '{{ transaction }}'] })).toEqual([
      md5('database-unavailable', '/api/orders'),
    ]);
  });

  it('variables: type, error.type, function, module, level, logger, tags.X; unknown ones stay literal', () => {
    const fp = [
      '{{ type }}',
      '{{error.type}}',
      '{{ function }}',
      '{{ module }}',
      '{{ level }}',
      '{{ logger }}',
      '{{ tags.tenant }}',
      '{{ bogus }}',
    ];
    expect(hashesOf({ ...base, ...exc, fingerprint: fp })).toEqual([
      md5('ValueError', 'ValueError', 'create', 'orders.api', 'warning', 'orders', 'acme', '{{ bogus }}'),
    ]);
  });

  it('missing values resolve to placeholders', () => {
    expect(
      hashesOf({
        platform: 'python',
        fingerprint: ['{{ transaction }}', '{{ tags.nope }}', '{{ function }}'],
      }),
    ).toEqual([md5('<no-transaction>', '<no-value-for-tag-nope>', '<no-function>')]);
  });

  it('hybrid: the default variant values are substituted inline', () => {
    const raw = {
      platform: 'python',
      exception: { values: [{ type: 'ValueError', value: 'id 42 missing' }] },
      fingerprint: ['{{ default }}', 'tenant-a'],
    };
    expect(hashesOf(raw)).toEqual([md5('ValueError', 'id <int> missing', 'tenant-a')]);
  });

  it("Sentry's built-in JavaScript rule groups all ChunkLoadErrors together", () => {
    const raw = error('javascript', 'ChunkLoadError', [
      { filename: 'https://x/app.js', function: 'load', in_app: true },
    ]);
    expect(hashesOf(raw)).toEqual([md5('chunkloaderror')]);
  });
});
