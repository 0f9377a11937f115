import { describe, expect, it } from 'vitest';
import { issuesApiQuery, readStreamParams, writeStreamParams } from './stream-params';

describe('stream URL state', () => {
  it('fills defaults and leaves them out of the page URL', () => {
    const p = readStreamParams(new URLSearchParams(''));
    expect(p).toMatchObject({ query: 'is:unresolved', sort: 'date', statsPeriod: '14d' });
    expect(writeStreamParams(p).toString()).toBe('');
  });

  it('keeps an emptied query distinct from the default, and always sends it to the API', () => {
    const p = readStreamParams(new URLSearchParams('query=&sort=freq&project=3'));
    expect(p.query).toBe('');
    expect(writeStreamParams(p).toString()).toBe('query=&sort=freq&project=3');
    const api = new URLSearchParams(issuesApiQuery(p, 25));
    expect(api.get('query')).toBe('');
    expect(api.get('groupStatsPeriod')).toBe('14d');
    expect(api.get('project')).toBe('3');
  });

  it('asks for hourly sparklines for short periods', () => {
    const p = readStreamParams(new URLSearchParams('statsPeriod=24h'));
    expect(new URLSearchParams(issuesApiQuery(p, 25)).get('groupStatsPeriod')).toBe('24h');
  });
});
