import { randomBytes } from 'node:crypto';

/** Scopes a token gets: everything its user may do (Faultline checks membership, not scopes). */
export const DEFAULT_SCOPES = [
  'org:read',
  'org:write',
  'project:read',
  'project:write',
  'project:releases',
  'event:read',
  'event:write',
];

/** A new token secret in the `sntryu_` format sentry-cli recognises as a user token. */
export function newTokenSecret(): string {
  return `sntryu_${randomBytes(32).toString('hex')}`;
}
