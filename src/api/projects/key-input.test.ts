import { describe, expect, it } from 'vitest';
import { ApiError } from '../errors.js';
import { readKeyPatch, readRateLimit } from './key-input.js';

const refusal = (fn: () => unknown): string => {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).status).toBe(400);
    return (err as ApiError).message;
  }
  throw new Error('expected a 400');
};

describe('readRateLimit', () => {
  it('takes Sentry’s {count, window}, numeric strings too', () => {
    expect(readRateLimit({ count: 100, window: 60 })).toEqual({ count: 100, window: 60 });
    expect(readRateLimit({ count: '5', window: '3600' })).toEqual({ count: 5, window: 3600 });
    expect(readRateLimit({ count: 1, window: 86_400 })).toEqual({ count: 1, window: 86_400 });
  });

  it('removes the limit for null, a null or empty half, or a zero, as Sentry does', () => {
    expect(readRateLimit(null)).toBeNull();
    expect(readRateLimit({ count: null, window: 60 })).toBeNull();
    expect(readRateLimit({ count: 10, window: '' })).toBeNull();
    expect(readRateLimit({ count: 0, window: 60 })).toBeNull();
    expect(readRateLimit({ count: 10, window: 0 })).toBeNull();
  });

  it('refuses anything else with a detail naming the field', () => {
    expect(refusal(() => readRateLimit(10))).toMatch(/rateLimit must be an object/);
    expect(refusal(() => readRateLimit([10, 60]))).toMatch(/rateLimit must be an object/);
    expect(refusal(() => readRateLimit({ count: 10 }))).toMatch(/needs both count and window/);
    expect(refusal(() => readRateLimit({ count: 1.5, window: 60 }))).toBe(
      'rateLimit.count must be a whole number.',
    );
    expect(refusal(() => readRateLimit({ count: true, window: 60 }))).toMatch(/count must be a whole/);
    expect(refusal(() => readRateLimit({ count: 'ten', window: 60 }))).toMatch(/count must be a whole/);
    expect(refusal(() => readRateLimit({ count: -1, window: 60 }))).toMatch(/count must be between 0/);
    expect(refusal(() => readRateLimit({ count: 1, window: 86_401 }))).toBe(
      'rateLimit.window must be between 0 and 86400.',
    );
    expect(refusal(() => readRateLimit({ count: 2 ** 31, window: 60 }))).toMatch(/count must be between/);
  });
});

describe('readKeyPatch', () => {
  it('reads name, isActive and rateLimit, leaving out what the body does not name', () => {
    expect(readKeyPatch({})).toEqual({});
    expect(readKeyPatch({ name: '  Prod  ', isActive: false, rateLimit: null })).toEqual({
      label: 'Prod',
      isActive: false,
      rateLimit: null,
    });
    expect(readKeyPatch({ name: '   ', browserSdkVersion: 'latest' })).toEqual({});
    expect(readKeyPatch({ name: 'x'.repeat(80) }).label).toHaveLength(64);
  });

  it('refuses an isActive that is not a boolean', () => {
    expect(refusal(() => readKeyPatch({ isActive: 'no' }))).toBe('isActive must be true or false.');
  });
});
