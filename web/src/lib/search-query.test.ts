import { describe, expect, it } from 'vitest';
import { getToken, setToken, tokenize } from './search-query';

describe('search query editing', () => {
  it('tokenizes like the server, keeping quoted values together', () => {
    expect(tokenize('is:unresolved release:"1.0 beta" boom')).toEqual([
      'is:unresolved',
      'release:"1.0 beta"',
      'boom',
    ]);
  });

  it('reads the first non-negated token, unquoted', () => {
    expect(getToken('!level:info level:error', 'level')).toBe('error');
    expect(getToken('release:"1.0 beta"', 'release')).toBe('1.0 beta');
    expect(getToken('TypeError', 'is')).toBeNull();
  });

  it('replaces, adds and removes tokens, leaving free text and negations alone', () => {
    expect(setToken('is:unresolved TypeError', 'is', 'resolved')).toBe('is:resolved TypeError');
    expect(setToken('TypeError', 'level', 'error')).toBe('level:error TypeError');
    expect(setToken('is:unresolved !level:info', 'level', null)).toBe('is:unresolved !level:info');
    expect(setToken('release:1.0 x', 'release', '2.0 rc')).toBe('release:"2.0 rc" x');
    expect(setToken('is:unresolved', 'is', null)).toBe('');
  });
});
