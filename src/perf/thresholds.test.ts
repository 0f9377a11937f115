import { describe, expect, it } from 'vitest';
import { configuredRule, DEFAULT_THRESHOLD, fixedRule, judgedValue, scaledTable } from './thresholds.js';

describe('transaction thresholds', () => {
  const rule = configuredRule({
    fallback: { ...DEFAULT_THRESHOLD },
    projects: [{ projectId: 1, threshold: { ms: 450, metric: 'lcp' } }],
    transactions: [{ projectId: 1, name: 'GET /a', threshold: { ms: 100, metric: 'duration' } }],
  });

  it('takes the override, else the project, else the default', () => {
    expect(rule.of(1, 'GET /a')).toEqual({ ms: 100, metric: 'duration' });
    expect(rule.of(1, 'GET /b')).toEqual({ ms: 450, metric: 'lcp' });
    // Another project's transaction of the same name has no override.
    expect(rule.of(2, 'GET /a')).toEqual({ ms: 300, metric: 'duration' });
    expect(fixedRule(500).of(1, 'GET /a')).toEqual({ ms: 500, metric: 'duration' });
    expect([rule.key, fixedRule(500).key]).toEqual(['configured', 'fixed:500']);
  });

  it('scales every limit (4T for user misery)', () => {
    expect(scaledTable(rule.table, 4)).toEqual({
      fallback: { ms: 1200, metric: 'duration' },
      projects: [{ projectId: 1, threshold: { ms: 1800, metric: 'lcp' } }],
      transactions: [{ projectId: 1, name: 'GET /a', threshold: { ms: 400, metric: 'duration' } }],
    });
  });

  it('judges the duration, or the LCP when there is one', () => {
    const lcp = { lcp: { value: 2400 } };
    expect(judgedValue('duration', 120, lcp)).toBe(120);
    expect(judgedValue('lcp', 120, lcp)).toBe(2400);
    expect(judgedValue('lcp', 120, {})).toBeNull();
    expect(judgedValue('lcp', 120, { lcp: { value: NaN } })).toBeNull();
  });
});
