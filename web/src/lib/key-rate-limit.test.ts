import { describe, expect, it } from 'vitest';
import { describeRateLimit, readRateLimitForm, windowLabel, windowOptions } from './key-rate-limit';

describe('key rate limits in the settings', () => {
  it('describes a limit in words, or its absence', () => {
    expect(describeRateLimit(null)).toBe('No rate limit');
    expect(describeRateLimit({ count: 1000, window: 60 })).toBe('At most 1,000 error events per minute');
    expect(describeRateLimit({ count: 1, window: 3600 })).toBe('At most 1 error event per hour');
    expect(describeRateLimit({ count: 5, window: 7 })).toBe('At most 5 error events per 7 seconds');
  });

  it('names windows set through the API that the form does not offer', () => {
    expect(windowLabel(120)).toBe('2 minutes');
    expect(windowLabel(7200)).toBe('2 hours');
    expect(windowLabel(1)).toBe('second');
    expect(windowOptions(60).map((o) => o.seconds)).toEqual([60, 300, 900, 3600, 21_600, 86_400]);
    expect(windowOptions(120).map((o) => o.seconds)).toEqual([60, 120, 300, 900, 3600, 21_600, 86_400]);
  });

  it('reads the form, refusing what the server would refuse', () => {
    expect(readRateLimitForm(' 50 ', '300')).toEqual({ count: 50, window: 300 });
    expect(readRateLimitForm('', '60')).toMatch(/whole number/);
    expect(readRateLimitForm('0', '60')).toMatch(/whole number/);
    expect(readRateLimitForm('2.5', '60')).toMatch(/whole number/);
    expect(readRateLimitForm('10', '')).toBe('Choose a window.');
  });
});
