import { openBackends, type Backends } from '../server/backends.js';
import { resolveConfig, type Config } from '../server/config.js';
import { prepareDataDir } from '../server/data-dir.js';
import type { Storage } from '../storage/storage.js';

/** Flags every command accepts: where the data lives and how the server is reached. */
export const COMMON_OPTIONS = {
  'data-dir': { type: 'string' },
  'database-url': { type: 'string' },
  'public-url': { type: 'string' },
  port: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** Opens (and migrates) the backends a command works on; the caller closes them. */
export async function openForCommand(
  flags: Record<string, string | boolean | undefined>,
): Promise<{ config: Config; backends: Backends }> {
  const config = resolveConfig(flags);
  prepareDataDir(config.dataDir);
  const backends = await openBackends(
    { dataDir: config.dataDir, databaseUrl: config.databaseUrl },
    { migrate: true },
  );
  return { config, backends };
}

/** Runs `fn` with an open storage and always closes it. */
export async function withStorage<T>(
  flags: Record<string, string | boolean | undefined>,
  fn: (storage: Storage, config: Config) => Promise<T>,
): Promise<T> {
  const { config, backends } = await openForCommand(flags);
  try {
    return await fn(backends.storage, config);
  } finally {
    await backends.close();
  }
}
