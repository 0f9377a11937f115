import { describe, expect, it } from 'vitest';
import { normalizeStatus, statusFromHttpCode } from './status.js';

describe('normalizeStatus', () => {
  it('keeps known names, maps aliases and gRPC codes', () => {
    expect(normalizeStatus('ok')).toBe('ok');
    expect(normalizeStatus(' Internal_Error ')).toBe('internal_error');
    expect(normalizeStatus('unknown_error')).toBe('unknown');
    expect(normalizeStatus('canceled')).toBe('cancelled');
    expect(normalizeStatus(0)).toBe('ok');
    expect(normalizeStatus(5)).toBe('not_found');
    expect(normalizeStatus(16)).toBe('unauthenticated');
  });
  it('reads missing or junk as unknown', () => {
    for (const v of [undefined, null, '', 'weird', 17, -1, 1.5, {}, []])
      expect(normalizeStatus(v)).toBe('unknown');
  });
  it('maps the v2 error status through the HTTP code', () => {
    expect(normalizeStatus('error')).toBe('internal_error');
    expect(normalizeStatus('error', 404)).toBe('not_found');
    expect(normalizeStatus('error', 429)).toBe('resource_exhausted');
    expect(normalizeStatus('error', 418)).toBe('invalid_argument');
    expect(normalizeStatus('error', 502)).toBe('internal_error');
    expect(normalizeStatus('error', 200)).toBe('internal_error');
  });
  it('maps HTTP codes like the JS SDK', () => {
    expect(statusFromHttpCode(200)).toBeUndefined();
    expect(statusFromHttpCode(401)).toBe('unauthenticated');
    expect(statusFromHttpCode(503)).toBe('unavailable');
    expect(statusFromHttpCode(504)).toBe('deadline_exceeded');
    expect(statusFromHttpCode(null)).toBeUndefined();
  });
});
