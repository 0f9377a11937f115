import os from 'node:os';
import path from 'node:path';

/** Roles one process can run; `faultline up` runs all of them unless `--roles` picks a subset. */
export type Role = 'ingest' | 'digest' | 'web' | 'jobs';
export const ALL_ROLES: readonly Role[] = ['ingest', 'digest', 'web', 'jobs'];

export type DigestPriority = 'idle' | 'low';

/** Everything the server reads from flags and environment, resolved once at start-up. */
export interface Config {
  dataDir: string;
  /** `postgres://…` selects the scale-out mode; null keeps everything in the data folder (SQLite). */
  databaseUrl: string | null;
  host: string;
  port: number;
  /** Base URL SDKs and browsers reach this server at; used to build DSNs and links. */
  publicUrl: string;
  roles: Role[];
  retentionDays: number;
  /** Most digest threads this process runs at once (a second starts only while a backlog lasts). */
  digestThreads: number;
  /**
   * How the digest threads share the CPU with the HTTP edge of the same process: `idle` (Linux's idle
   * scheduling class: they run only on CPU time nothing else wants) or `low` (nice 10).
   */
  digestPriority: DigestPriority;
  /** Trust the first `X-Forwarded-For` hop as the client IP (only behind a proxy you control). */
  trustProxy: boolean;
  logLevel: string;
  limits: IngestLimits;
}

/** Size limits of the ingest edge (Relay's defaults where Relay has one). */
export interface IngestLimits {
  /** Largest request body as sent (compressed), bytes. */
  maxCompressedBody: number;
  /** Largest body after decompression, bytes: checked while inflating. */
  maxEnvelope: number;
  /** Largest `/store/` event, bytes. */
  maxStoreEvent: number;
  /**
   * Bytes all in-flight request bodies may hold together. Beyond it new bytes are refused with 503,
   * so a burst of large or inflating bodies cannot exhaust memory.
   */
  maxInFlightBytes: number;
}

/**
 * Relay allows 200 MiB envelopes for large attachments; Faultline defaults to 20 MiB decompressed
 * (`--max-envelope-mib`) because the whole body is held in memory while it is validated.
 */
export const DEFAULT_LIMITS: IngestLimits = {
  maxCompressedBody: 20 * 1024 * 1024,
  maxEnvelope: 20 * 1024 * 1024,
  maxStoreEvent: 1024 * 1024,
  maxInFlightBytes: 128 * 1024 * 1024,
};

type Flags = Record<string, string | boolean | undefined>;

function pick(flags: Flags, name: string, envName: string, env: NodeJS.ProcessEnv): string | undefined {
  const flag = flags[name];
  if (typeof flag === 'string') return flag;
  const fromEnv = env[envName];
  return fromEnv === undefined || fromEnv === '' ? undefined : fromEnv;
}

function parseRoles(value: string | undefined): Role[] {
  if (value === undefined) return [...ALL_ROLES];
  const roles = value
    .split(',')
    .map((r) => r.trim())
    .filter(Boolean);
  for (const role of roles) {
    if (!(ALL_ROLES as readonly string[]).includes(role)) {
      throw new Error(`unknown role "${role}": choose from ${ALL_ROLES.join(', ')}`);
    }
  }
  return roles as Role[];
}

function parsePositiveInt(value: string | undefined, fallback: number, what: string): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${what} must be a whole number, got "${value}"`);
  return n;
}

/**
 * 1 or 2. The default is 2 where there are two cores to use; a third thread would only queue for
 * SQLite's single writer (on PostgreSQL, run more digest processes instead).
 */
function parseDigestThreads(value: string | undefined): number {
  if (value === undefined) return os.availableParallelism() >= 2 ? 2 : 1;
  if (value !== '1' && value !== '2') throw new Error(`--digest-threads must be 1 or 2, got "${value}"`);
  return Number(value);
}

function parseDigestPriority(value: string | undefined): DigestPriority {
  if (value === undefined) return 'idle';
  if (value !== 'idle' && value !== 'low') {
    throw new Error(`--digest-priority must be idle or low, got "${value}"`);
  }
  return value;
}

/** Resolves the configuration from parsed CLI flags, then `FAULTLINE_*` variables, then defaults. */
export function resolveConfig(flags: Flags, env: NodeJS.ProcessEnv = process.env): Config {
  const port = parsePositiveInt(pick(flags, 'port', 'FAULTLINE_PORT', env), 9000, '--port');
  const host = pick(flags, 'host', 'FAULTLINE_HOST', env) ?? '0.0.0.0';
  const dataDir = path.resolve(pick(flags, 'data-dir', 'FAULTLINE_DATA_DIR', env) ?? './sentrydata');
  const publicUrl = (
    pick(flags, 'public-url', 'FAULTLINE_PUBLIC_URL', env) ?? `http://localhost:${port}`
  ).replace(/\/+$/, '');
  const databaseUrl = pick(flags, 'database-url', 'FAULTLINE_DATABASE_URL', env) ?? null;
  if (databaseUrl !== null && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new Error('--database-url must be a postgres:// URL');
  }
  return {
    dataDir,
    databaseUrl,
    host,
    port,
    publicUrl,
    roles: parseRoles(pick(flags, 'roles', 'FAULTLINE_ROLES', env)),
    retentionDays: parsePositiveInt(
      pick(flags, 'retention-days', 'FAULTLINE_RETENTION_DAYS', env),
      90,
      '--retention-days',
    ),
    digestThreads: parseDigestThreads(pick(flags, 'digest-threads', 'FAULTLINE_DIGEST_THREADS', env)),
    digestPriority: parseDigestPriority(pick(flags, 'digest-priority', 'FAULTLINE_DIGEST_PRIORITY', env)),
    trustProxy: (pick(flags, 'trust-proxy', 'FAULTLINE_TRUST_PROXY', env) ?? 'false') !== 'false',
    logLevel: pick(flags, 'log-level', 'FAULTLINE_LOG_LEVEL', env) ?? 'info',
    limits: {
      ...DEFAULT_LIMITS,
      maxEnvelope:
        parsePositiveInt(
          pick(flags, 'max-envelope-mib', 'FAULTLINE_MAX_ENVELOPE_MIB', env),
          20,
          '--max-envelope-mib',
        ) *
        1024 *
        1024,
    },
  };
}
