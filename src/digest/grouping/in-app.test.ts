import { describe, expect, it } from 'vitest';
import { globMatch } from './glob.js';
import type { RuleFrame } from './in-app.js';
import { applyStacktraceRules, stripQueryString } from './in-app.js';
import { parseRule } from './stacktrace-rules.js';

const verdicts = (frames: RuleFrame[]) => applyStacktraceRules(frames).map((v) => [v.inApp, v.ignored]);
const js = (extra: Partial<RuleFrame>): RuleFrame => ({ platform: 'javascript', ...extra });

describe('glob', () => {
  it('doublestar mode: * stays within a path segment, ** crosses', () => {
    expect(globMatch('/a/node_modules/b/c.js', '**/node_modules/**', true)).toBe(true);
    expect(globMatch('/a/b.js', '/*.js', true)).toBe(false);
    expect(globMatch('/a.js', '/*.js', true)).toBe(true);
    expect(globMatch('org.apache.catalina.Foo', 'org.apache.*', false)).toBe(true);
  });
});

describe('stack trace rules', () => {
  it('node_modules, vendor, site-packages, dist-packages and go/pkg/mod are never in-app', () => {
    for (const path of [
      '/app/node_modules/x.js',
      '/app/vendor/x.php',
      '/py/site-packages/x.py',
      '/usr/lib/python3/dist-packages/x.py',
      '/go/pkg/mod/x.go',
    ]) {
      expect(verdicts([{ platform: 'other', absPath: path, inApp: true }])).toEqual([[false, false]]);
    }
    expect(verdicts([js({ filename: 'node_modules/react/index.js', inApp: true })])).toEqual([
      [false, false],
    ]);
  });

  it('webpack: and app: paths are in-app unless under ~/ or node_modules', () => {
    expect(verdicts([js({ absPath: 'webpack:///./src/App.js', filename: './src/App.js' })])).toEqual([
      [true, false],
    ]);
    expect(verdicts([js({ absPath: 'webpack:///~/lodash.js', filename: '~/lodash.js' })])).toEqual([
      [false, false],
    ]);
    expect(
      verdicts([js({ absPath: 'webpack:///./node_modules/x.js', filename: './node_modules/x.js' })]),
    ).toEqual([[false, false]]);
    expect(verdicts([js({ absPath: 'app:///main.jsbundle', filename: 'main.jsbundle' })])).toEqual([
      [true, false],
    ]);
  });

  it('transpiler helpers and Node internals do not count at all', () => {
    expect(verdicts([js({ module: '@babel/runtime/helpers/asyncToGenerator', inApp: true })])).toEqual([
      [false, true],
    ]);
    expect(
      verdicts([
        js({ module: 'tslib', function: '__awaiter' }),
        js({ function: 'processTicksAndRejections' }),
      ]),
    ).toEqual([
      [false, false],
      [false, true],
    ]);
    expect(
      verdicts([{ platform: 'node', absPath: 'node:internal/modules/cjs/loader', function: 'Module._load' }]),
    ).toEqual([[false, true]]);
  });

  it('frames called from reportError are not in-app (^ means towards the crash)', () => {
    expect(
      verdicts([js({ inApp: true }), js({ function: 'reportError', inApp: true }), js({ inApp: true })]),
    ).toEqual([
      [true, false],
      [false, false],
      [false, false],
    ]);
  });

  it('an unknown verdict counts as not in-app', () => {
    expect(verdicts([{ platform: 'python', absPath: '/srv/app.py' }])).toEqual([[false, false]]);
  });

  it('JVM framework modules are not in-app; wedged Android system frames do not group', () => {
    expect(verdicts([{ platform: 'java', module: 'org.springframework.web.Servlet', inApp: true }])).toEqual([
      [false, false],
    ]);
    const frames: RuleFrame[] = [
      { platform: 'java', module: 'com.example.Main', inApp: true },
      { platform: 'java', module: 'android.os.Handler', function: 'post' },
      { platform: 'java', module: 'com.example.Worker', inApp: true },
    ];
    expect(verdicts(frames)).toEqual([
      [true, false],
      [false, true],
      [true, false],
    ]);
  });
});

describe('rule syntax', () => {
  it('parses caller/callee context, negation, ranges and categories', () => {
    expect(
      parseRule('[ !category:system ] | category:system | [ !category:system ] category=indirection'),
    ).toEqual({
      frame: [{ key: 'category', pattern: 'system', negated: false }],
      caller: [{ key: 'category', pattern: 'system', negated: true }],
      callee: [{ key: 'category', pattern: 'system', negated: true }],
      actions: [{ kind: 'category', value: 'indirection' }],
    });
    expect(parseRule('family:javascript function:reportError ^-app -app').actions).toEqual([
      { kind: 'app', value: false, range: 'up' },
      { kind: 'app', value: false, range: 'self' },
    ]);
  });
});

describe('stripQueryString', () => {
  it('drops the query but keeps a fragment', () => {
    expect(stripQueryString('https://x/app.js?v=3')).toBe('https://x/app.js');
    expect(stripQueryString('https://x/app.js?v=3#L1')).toBe('https://x/app.js#L1');
    expect(stripQueryString('app.js')).toBe('app.js');
  });
});
