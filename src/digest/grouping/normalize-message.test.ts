import { describe, expect, it } from 'vitest';
import { normalizeMessageForGrouping, parameterize, trimToTwoLines } from './normalize-message.js';

describe('parameterize', () => {
  it.each([
    ['email', 'mail to bob.smith+x@example.co.uk bounced', 'mail to <email> bounced'],
    ['url', 'GET https://api.example.com/v1/orders?id=7 failed', 'GET <url> failed'],
    ['hostname', 'connect to db1.example.com refused', 'connect to <hostname> refused'],
    ['ipv4', 'request from 192.168.10.254 denied', 'request from <ip> denied'],
    ['ipv6', 'peer fe80:0000:0000:0000:0202:b3ff:fe1e:8329 left', 'peer <ip> left'],
    ['uuid', 'job 550e8400-e29b-41d4-a716-446655440000 lost', 'job <uuid> lost'],
    ['sha1', 'commit da39a3ee5e6b4b0d3255bfef95601890afd80709 missing', 'commit <sha1> missing'],
    ['md5', 'blob d41d8cd98f00b204e9800998ecf8427e missing', 'blob <md5> missing'],
    ['date (RFC 3339)', 'expired at 2024-01-15T10:30:00.123Z', 'expired at <date>'],
    ['date (day)', 'no data for 2024-01-15', 'no data for <date>'],
    ['date (RFC 1123)', 'since Mon, 15 Jan 2024 10:30:00 GMT', 'since <date>'],
    ['duration (ms)', 'query took 150ms', 'query took <duration>'],
    ['duration (s)', 'timeout after 2.5s', 'timeout after <duration>'],
    ['hex', 'segfault at 0x7fff5fbff8c8', 'segfault at <hex>'],
    ['float', 'ratio 3.14 too high', 'ratio <float> too high'],
    ['int', 'order 1001 has -5 items', 'order <int> has <int> items'],
    [
      'quoted string after =',
      'lookup failed: key=\'abc\' user="bob"',
      'lookup failed: key=<quoted_str> user=<quoted_str>',
    ],
    ['bool after =', 'flag=true other=False', 'flag=<bool> other=<bool>'],
  ])('%s', (_kind, input, expected) => {
    expect(parameterize(input)).toBe(expected);
  });

  it('leaves quoted strings and booleans alone when not a value after =', () => {
    expect(parameterize("it's 'fine' and true")).toBe("it's 'fine' and true");
  });

  it('uses Unicode digits like Python', () => {
    expect(parameterize('item ١٢٣ missing')).toBe('item <int> missing');
  });
});

describe('trimToTwoLines', () => {
  it('keeps the first two non-empty lines and marks the cut', () => {
    expect(trimToTwoLines('first\n\n  \nsecond\nthird')).toBe('first\nsecond...');
    expect(trimToTwoLines('one line')).toBe('one line');
    // Any change counts as a cut, even dropping a trailing newline (Sentry compares to the input).
    expect(trimToTwoLines('one line\n')).toBe('one line...');
  });

  it('normalises after trimming', () => {
    expect(normalizeMessageForGrouping('order 17 failed\nretry 3\nstack')).toBe(
      'order <int> failed\nretry <int>...',
    );
  });
});
