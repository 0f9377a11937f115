import { describe, expect, it } from 'vitest';
import { thresholdFromCell, thresholdOf, thresholdPhrase, thresholdTitle } from './transaction-threshold';

describe('transaction thresholds in the UI', () => {
  it('reads the threshold a Discover row used, and nothing else', () => {
    expect(thresholdFromCell(['lcp', 2500])).toEqual({ ms: 2500, metric: 'lcp' });
    expect(thresholdFromCell(['duration', 300])).toEqual({ ms: 300, metric: 'duration' });
    expect(thresholdFromCell(null)).toBeNull();
    expect(thresholdFromCell(['fcp', 300])).toBeNull();
    expect(thresholdFromCell(['lcp', '300'])).toBeNull();
    expect(thresholdFromCell('duration,300')).toBeNull();
  });

  it('reads the routes’ string numbers, falling back to the default', () => {
    expect(thresholdOf({ threshold: '450', metric: 'lcp' })).toEqual({ ms: 450, metric: 'lcp' });
    expect(thresholdOf({ threshold: 'x', metric: 'duration' })).toEqual({ ms: 300, metric: 'duration' });
  });

  it('says which threshold, in a title and in a sentence', () => {
    expect(thresholdTitle({ ms: 300, metric: 'duration' })).toBe('T = 300 ms');
    expect(thresholdTitle({ ms: 2500, metric: 'lcp' })).toBe('T = 2500 ms (LCP)');
    expect(thresholdTitle(null)).toBeUndefined();
    expect(thresholdPhrase({ ms: 2500, metric: 'lcp' })).toBe('2500 ms of LCP');
    expect(thresholdPhrase({ ms: 300, metric: 'duration' })).toBe('300 ms of transaction duration');
  });
});
