import { describe, expect, it } from 'vitest';
import { matchIngestRoute } from './routes.js';

describe('matchIngestRoute', () => {
  it('names the three ingest routes, with or without the trailing slash, and keeps the query', () => {
    expect(matchIngestRoute('/api/42/envelope/?sentry_key=abc&sentry_version=7')).toEqual({
      kind: 'envelope',
      projectSegment: '42',
      query: 'sentry_key=abc&sentry_version=7',
    });
    expect(matchIngestRoute('/api/42/envelope')).toEqual({
      kind: 'envelope',
      projectSegment: '42',
      query: '',
    });
    expect(matchIngestRoute('/api/7/store/')).toEqual({ kind: 'store', projectSegment: '7', query: '' });
    expect(matchIngestRoute('/api/store/?x=1')).toEqual({
      kind: 'store',
      projectSegment: undefined,
      query: 'x=1',
    });
    expect(matchIngestRoute('/api/store')).toEqual({ kind: 'store', projectSegment: undefined, query: '' });
  });

  it('passes the project segment on as sent, for the handler to judge', () => {
    expect(matchIngestRoute('/api/42abc/envelope/')?.projectSegment).toBe('42abc');
    expect(matchIngestRoute('/api/store/envelope/')?.projectSegment).toBe('store');
  });

  it('leaves every other URL to the web API', () => {
    for (const url of [
      '/api/0/organizations/',
      '/api/0/projects/acme/backend/events/abc/',
      '/api/42/envelopes/',
      '/api/42/envelope/extra/',
      '/api/42//envelope/',
      '/api//envelope/',
      '/api/42/minidump/',
      '/apiX/42/envelope/',
      '/x/api/42/envelope/',
      '/',
    ]) {
      expect(matchIngestRoute(url), url).toBeNull();
    }
  });
});
