import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/** Paths of everything the server keeps inside its data folder. */
export interface DataPaths {
  root: string;
  database: string;
  spool: string;
  blobs: string;
  /** Small blobs (replay segments, small attachments), as rows; larger ones are files under `blobs`. */
  blobDatabase: string;
  secretKey: string;
}

/** Where each file lives inside the data folder. */
export function dataPaths(root: string): DataPaths {
  return {
    root,
    database: path.join(root, 'faultline.sqlite'),
    spool: path.join(root, 'spool.sqlite'),
    blobs: path.join(root, 'blobs'),
    blobDatabase: path.join(root, 'blobs.sqlite'),
    secretKey: path.join(root, 'secret.key'),
  };
}

/**
 * Creates the data folder and its secret key when missing (idempotent). The key signs session cookies
 * and hashes tokens, so it is created once and never rotated silently.
 */
export function prepareDataDir(root: string): { paths: DataPaths; secret: string } {
  const paths = dataPaths(root);
  fs.mkdirSync(paths.root, { recursive: true, mode: 0o700 });
  fs.mkdirSync(paths.blobs, { recursive: true });
  let secret: string;
  try {
    secret = fs.readFileSync(paths.secretKey, 'utf8').trim();
  } catch {
    secret = randomBytes(32).toString('hex');
    // 'wx' so two processes starting at once cannot overwrite each other's key.
    try {
      fs.writeFileSync(paths.secretKey, secret + '\n', { mode: 0o600, flag: 'wx' });
    } catch {
      secret = fs.readFileSync(paths.secretKey, 'utf8').trim();
    }
  }
  return { paths, secret };
}
