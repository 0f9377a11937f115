import { describe, expect, it } from 'vitest';
import {
  isPlaceholderName,
  parameterizeUrlName,
  scrubIdentifiers,
  stripUrlParts,
  treatAsUrl,
} from './parameterize.js';

describe('parameterizeUrlName', () => {
  it.each([
    // ids, uuids, hashes
    ['/users/123/orders/550e8400-e29b-41d4-a716-446655440000', '/users/*/orders/*'],
    ['/users/123/orders/abc-550e8400-e29b-41d4-a716-446655440000.json', '/users/*/orders/*'],
    ['/api/v2/orders/42', '/api/v2/orders/*'],
    ['/commits/da39a3ee5e6b4b0d3255bfef95601890afd80709/files', '/commits/*/files'],
    ['/files/d41d8cd98f00b204e9800998ecf8427e.png', '/files/*'],
    ['/x/0x1F', '/x/*'],
    ['/items/abc123def/x', '/items/*/x'],
    ['/a/%20%2012/b', '/a/*/b'],
    // dates
    ['/reports/2024-01-01', '/reports/*'],
    ['/at/2024-01-31T10:00:00Z/x', '/at/*/x'],
    ['/t/Mon Jan 2 15:04:05 2006', '/t/*'],
    ['/log/Mon, 02 Jan 2006 15:04:05 -0700/x', '/log/*/x'],
    // kept: single digits, words, parameter placeholders
    ['/index.html', '/index.html'],
    ['/page2.html', '/page2.html'],
    ['/v1/users', '/v1/users'],
    ['/users/:id/settings', '/users/:id/settings'],
    ['/', '/'],
    // scheme, host, query and fragment dropped; a method prefix kept
    ['https://example.com:8080/users/42?x=1#frag', '/users/*'],
    ['GET https://example.com', 'GET /'],
    ['GET https://example.com?q=1', 'GET /'],
    ['GET /users/123', 'GET /users/*'],
    ['/search?q=123', '/search'],
    // backslashes separate segments too
    ['C:\\Users\\1234\\x', 'C:\\Users\\*\\x'],
    // a name that would be only "*" stays as it was (Relay)
    ['123', '123'],
  ])('%s → %s', (input, expected) => {
    expect(parameterizeUrlName(input)).toBe(expected);
  });

  it('is idempotent', () => {
    for (const name of ['/users/*/orders/*', '/api/v2/orders/*', 'GET /', '/index.html']) {
      expect(parameterizeUrlName(name)).toBe(name);
    }
  });

  it('stays fast on hostile input', () => {
    const started = Date.now();
    scrubIdentifiers('a'.repeat(5000) + '/' + '1a'.repeat(3000));
    scrubIdentifiers('/'.repeat(3000) + 'Mon Jan '.repeat(300));
    expect(Date.now() - started).toBeLessThan(2000);
  });
});

describe('stripUrlParts', () => {
  it('leaves names without a scheme alone apart from query and fragment', () => {
    expect(stripUrlParts('checkout-transaction')).toBe('checkout-transaction');
    expect(stripUrlParts('/a#b')).toBe('/a');
  });
});

describe('treatAsUrl', () => {
  it('follows Relay', () => {
    expect(treatAsUrl('url', 'Pageload', undefined)).toBe(true);
    expect(treatAsUrl('sanitized', '/a', undefined)).toBe(true);
    expect(treatAsUrl('route', '/users/:id', 'sentry.javascript.browser')).toBe(false);
    expect(treatAsUrl(undefined, '/users/1', 'sentry.javascript.browser')).toBe(true);
    expect(treatAsUrl(undefined, '/users/1', 'sentry.python')).toBe(false);
    expect(treatAsUrl(undefined, 'task', 'sentry.javascript.browser')).toBe(false);
  });
  it('knows the JS SDK placeholder names', () => {
    expect(isPlaceholderName('Pageload')).toBe(true);
    expect(isPlaceholderName('Navigation')).toBe(true);
    expect(isPlaceholderName('/index.html')).toBe(false);
  });
});
