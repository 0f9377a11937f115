import { prepareDataDir } from '../server/data-dir.js';
import { resolveConfig, type Config } from '../server/config.js';
import { SqliteStorage } from '../storage/sqlite/sqlite-storage.js';
import type { Storage } from '../storage/storage.js';

/** Flags every command accepts: where the data lives and how the server is reached. */
export const COMMON_OPTIONS = {
  'data-dir': { type: 'string' },
  'public-url': { type: 'string' },
  port: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** Opens (and migrates) the storage a command works on; the caller closes it. */
export function openStorage(flags: Record<string, string | boolean | undefined>): {
  config: Config;
  storage: Storage;
} {
  const config = resolveConfig(flags);
  const { paths } = prepareDataDir(config.dataDir);
  return { config, storage: SqliteStorage.open(paths.database) };
}

/** Runs `fn` with an open storage and always closes it. */
export async function withStorage<T>(
  flags: Record<string, string | boolean | undefined>,
  fn: (storage: Storage, config: Config) => Promise<T>,
): Promise<T> {
  const { config, storage } = openStorage(flags);
  try {
    return await fn(storage, config);
  } finally {
    await storage.close();
  }
}
