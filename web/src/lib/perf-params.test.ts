import { describe, expect, it } from 'vitest';
import { discoverQuery, readPerfParams, statsInterval, writePerfParams } from './perf-params';
import { nextSort, serverSort, sortByColumn, summaryFields } from './perf-summary';

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

  it('asks for apdex and misery once per threshold in use', () => {
    expect(summaryFields([300, 500, 300]).filter((f) => /apdex|misery/.test(f))).toEqual([
      'apdex(300)',
      'user_misery(300)',
      'apdex(500)',
      'user_misery(500)',
    ]);
  });

  it('sorts apdex on the server with one threshold, on the page with several', () => {
    expect(serverSort('-apdex', [300, 300])).toBe('-apdex(300)');
    expect(serverSort('user_misery', [300])).toBe('user_misery(300)');
    expect(serverSort('-apdex', [300, 500])).toBeNull();
    expect(serverSort('-p95()', [300, 500])).toBe('-p95()');
    const rows = [
      { transaction: 'a', 'project.id': 1, 'apdex(300)': 0.5, 'apdex(500)': 0.1 },
      { transaction: 'b', 'project.id': 2, 'apdex(300)': 0.2, 'apdex(500)': 0.9 },
      { transaction: 'c', 'project.id': 2, 'apdex(300)': null, 'apdex(500)': null },
    ];
    const t = (row: Record<string, unknown>) => (row['project.id'] === 1 ? 300 : 500);
    expect(sortByColumn(rows, '-apdex', t).map((r) => r.transaction)).toEqual(['b', 'a', 'c']);
    expect(sortByColumn(rows, 'apdex', t).map((r) => r.transaction)).toEqual(['a', 'b', 'c']);
    expect(nextSort('-p95()', 'p95()')).toBe('p95()');
    expect(nextSort('p95()', 'p95()')).toBe('-p95()');
    expect(nextSort('-count()', 'p95()')).toBe('-p95()');
  });
});
