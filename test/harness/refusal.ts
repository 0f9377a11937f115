import { expect } from 'vitest';
import { ProtocolError } from '../../src/protocol/errors.js';

/**
 * Runs `fn`, expects it to throw a ProtocolError with this status (and reason, when given) and a
 * non-empty detail, and returns the error for further checks.
 */
export function expectRefusal(fn: () => unknown, status: number, reason?: string): ProtocolError {
  let caught: unknown;
  try {
    fn();
  } catch (err) {
    caught = err;
  }
  expect(caught).toBeInstanceOf(ProtocolError);
  const err = caught as ProtocolError;
  expect(err.status).toBe(status);
  if (reason !== undefined) expect(err.reason).toBe(reason);
  expect(err.message.length).toBeGreaterThan(0);
  return err;
}
