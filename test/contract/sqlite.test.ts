import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SqliteStorage } from '../../src/storage/sqlite/sqlite-storage.js';
import { storageContract } from './storage-suite.js';

const dirs = new Map<object, string>();

storageContract(
  'sqlite',
  async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'faultline-contract-'));
    const storage = SqliteStorage.open(path.join(dir, 'db.sqlite'));
    dirs.set(storage, dir);
    return storage;
  },
  async (storage) => {
    await storage.close();
    fs.rmSync(dirs.get(storage)!, { recursive: true, force: true });
  },
);
