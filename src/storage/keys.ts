import { randomBytes } from 'node:crypto';

/** A new DSN key pair: 32 lowercase hex characters each, the shape SDKs expect. */
export function newKeyPair(): { publicKey: string; secretKey: string } {
  return { publicKey: randomBytes(16).toString('hex'), secretKey: randomBytes(16).toString('hex') };
}
