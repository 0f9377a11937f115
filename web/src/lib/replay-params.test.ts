import { describe, expect, it } from 'vitest';
import { readReplayParams, replayApiQuery, writeReplayParams } from './replay-params';

describe('replay list params', () => {
  it('round-trips through the URL with defaults left out', () => {
    const p = readReplayParams(new URLSearchParams('user=alice&errors=1&sort=-duration&statsPeriod=7d'));
    expect(p).toMatchObject({ user: 'alice', errorsOnly: true, sort: '-duration', statsPeriod: '7d' });
    expect(writeReplayParams(p).toString()).toBe('user=alice&errors=1&statsPeriod=7d&sort=-duration');
    expect(readReplayParams(new URLSearchParams('sort=evil')).sort).toBe('-started_at');
  });

  it('compiles to the API search language, quoting values with spaces', () => {
    const p = readReplayParams(
      new URLSearchParams('user=alice&url=/cart&errors=1&release=web 1.0&project=3'),
    );
    const q = new URLSearchParams(replayApiQuery(p, 25));
    expect(q.get('query')).toBe('user:*alice* url:/cart count_errors:>0 release:"web 1.0"');
    expect(q.get('project')).toBe('3');
    expect(q.get('per_page')).toBe('25');
    expect(q.get('sort')).toBe('-started_at');
  });
});
