import { describe, expect, it } from 'vitest';
import { discoverQuery, readPerfParams, statsInterval, writePerfParams } from './perf-params';
import { SUMMARY_FIELDS, nextSort, serverSort } from './perf-summary';

describe('performance URL state and Discover queries', () => {
  it('round-trips the filters through the page URL, leaving defaults out', () => {
    const params = readPerfParams(new URLSearchParams('project=3&release=web%401.0&sort=-p95()'));
    expect(params).toEqual({
      project: '3',
      environment: '',
      release: 'web@1.0',
      statsPeriod: '24h',
      sort: '-p95()',
    });
    expect(writePerfParams(params, { transaction: 'GET /a' }).toString()).toBe(
      'transaction=GET+%2Fa&project=3&release=web%401.0&sort=-p95%28%29',
    );
  });

  it('writes the filter as the server reads it, transaction names always quoted', () => {
    const params = readPerfParams(new URLSearchParams('environment=prod&release=a b&statsPeriod=7d'));
    const q = new URLSearchParams(
      discoverQuery(
        params,
        { transaction: 'GET /say "hi"', op: 'pageload', projects: ['1', '2'] },
        ['count()'],
        {
          sort: '-count()',
          perPage: 10,
        },
      ),
    );
    expect(q.getAll('project')).toEqual(['1', '2']);
    expect(q.get('environment')).toBe('prod');
    expect(q.get('statsPeriod')).toBe('7d');
    expect(q.get('query')).toBe('release:"a b" transaction:"GET /say \\"hi\\"" transaction.op:pageload');
    expect(q.getAll('field')).toEqual(['count()']);
    expect([q.get('sort'), q.get('per_page'), q.get('dataset')]).toEqual(['-count()', '10', 'transactions']);
    expect(statsInterval('24h')).toBe('1h');
    expect(statsInterval('nonsense')).toBe('1h');
  });

  it('asks for apdex and misery without a threshold, and for the threshold each row used', () => {
    expect(SUMMARY_FIELDS.filter((f) => /apdex|misery|threshold/.test(f))).toEqual([
      'apdex()',
      'user_misery()',
      'project_threshold_config',
    ]);
  });

  it('sorts on the server, reading sorts of older links as the same columns', () => {
    expect(serverSort('-apdex')).toBe('-apdex()');
    expect(serverSort('user_misery')).toBe('user_misery()');
    expect(serverSort('-apdex()')).toBe('-apdex()');
    expect(serverSort('-p95()')).toBe('-p95()');
    expect(nextSort('-p95()', 'p95()')).toBe('p95()');
    expect(nextSort('p95()', 'p95()')).toBe('-p95()');
    expect(nextSort('-count()', 'p95()')).toBe('-p95()');
  });
});
