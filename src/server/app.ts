import http from 'node:http';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { ApiContext } from '../api/context.js';
import { apiRoutes } from '../api/routes.js';
import { OutcomeCounter } from '../ingest/outcomes.js';
import { ProjectKeyCache } from '../ingest/project-cache.js';
import { ingestHandler } from '../ingest/routes.js';
import { RetentionJob } from '../jobs/retention.js';
import { DigestLagWatch } from '../jobs/digest-lag-watch.js';
import { UserSetsJob } from '../jobs/user-sets.js';
import { GroupCommit } from '../spool/group-commit.js';
import type { NewSpoolEntry } from '../spool/spool.js';
import { EmbeddedSpoolAppender } from '../spool/spool-appender.js';
import { openBackends } from './backends.js';
import { bootstrapAdmin } from './bootstrap.js';
import type { Config } from './config.js';
import { dataPaths, prepareDataDir } from './data-dir.js';
import { DigestThreads } from './digest-threads.js';
import { clientErrorHandler } from './http-errors.js';
import { createLogger } from './logger.js';
import { webUi } from './web-ui.js';

/** Longer than the usual load balancer's idle timeout (60 s), so the balancer closes idle connections first. */
const KEEP_ALIVE_TIMEOUT_MS = 65_000;
/** A slow client gets this long to send a whole request (a 20 MiB envelope on a poor link). */
const REQUEST_TIMEOUT_MS = 120_000;

/** A started server and the way to stop it cleanly. */
export interface RunningServer {
  app: FastifyInstance;
  url: string;
  log: Logger;
  close(): Promise<void>;
}

/**
 * Starts every role the configuration asks for in this process: ingest and web share the HTTP server,
 * the digest runs in a worker thread, jobs run on timers. Ready (and listening) only when all are.
 */
export async function startServer(
  config: Config,
  env: NodeJS.ProcessEnv = process.env,
): Promise<RunningServer> {
  const log = createLogger(config.logLevel);
  prepareDataDir(config.dataDir);
  const location = { dataDir: config.dataDir, databaseUrl: config.databaseUrl };
  const backends = await openBackends(location, { migrate: true });
  const { storage, blobs } = backends;
  await bootstrapAdmin(storage, env, log);
  const roles = new Set(config.roles);

  const outcomes = new OutcomeCounter(storage);
  outcomes.start();
  // The digest yields the CPU to the edge entirely when they share the process (--digest-priority).
  const digestIdle = roles.has('ingest') && config.digestPriority === 'idle';
  // Both threads start at once, so the writer adds nothing to the time to ready, and they boot while
  // this thread builds the HTTP server below (on two cores, that overlap is a third of the start-up).
  // Embedded mode journals spool batches here, and a writer thread moves them into the spool (see
  // EmbeddedSpoolAppender).
  const threadsStarted = Promise.allSettled([
    roles.has('digest')
      ? DigestThreads.start(
          location,
          {
            logLevel: config.logLevel,
            maxThreads: config.digestThreads,
            yieldToIngest: digestIdle,
            // Not a setting: lets a test see the second thread retire in seconds rather than half a minute.
            ...(env.FAULTLINE_TEST_DIGEST_QUIET_MS
              ? { quietWindowMs: Number(env.FAULTLINE_TEST_DIGEST_QUIET_MS) }
              : {}),
          },
          log.child({ role: 'digest' }),
        )
      : null,
    roles.has('ingest') && !config.databaseUrl
      ? EmbeddedSpoolAppender.start(dataPaths(config.dataDir).spool, log.child({ role: 'ingest' }), {
          // Journaled envelopes reach the spool a moment after their 200: wake the digest then too.
          onMoved: () => digest?.wake(),
        })
      : null,
  ]);
  // Set once the threads are up; nothing is spooled before then, as the server is not listening yet.
  let digest: DigestThreads | null = null;
  let spoolAppender: EmbeddedSpoolAppender | null = null;
  const spoolWriter = new GroupCommit<NewSpoolEntry>(async (entries) => {
    await (spoolAppender ?? backends.spool).append(entries);
    digest?.wake();
  });
  const keys = new ProjectKeyCache(storage);
  const jobLog = log.child({ role: 'jobs' });
  const retention = roles.has('jobs')
    ? new RetentionJob(storage, blobs, config.retentionDays, jobLog, backends.jobLock)
    : null;
  const userSets = roles.has('jobs') ? new UserSetsJob(storage, jobLog, backends.jobLock) : null;
  const lagWatch = roles.has('digest')
    ? new DigestLagWatch(backends.spool, log.child({ role: 'digest' }), digestIdle)
    : null;

  const apiContext: ApiContext = {
    storage,
    blobs,
    publicUrl: config.publicUrl,
    // A failed reload is not the API caller's problem: the timer retries it within seconds.
    onKeysChanged: roles.has('ingest') ? () => keys.refresh().catch(() => undefined) : undefined,
  };

  // The ingest routes answer on Node's own request and response, ahead of Fastify (see ingestHandler);
  // every other request goes through Fastify.
  const ingest = roles.has('ingest')
    ? ingestHandler({
        keys,
        spool: spoolWriter,
        outcomes,
        limits: config.limits,
        trustProxy: config.trustProxy,
        log: log.child({ role: 'ingest' }),
      })
    : null;
  // The HTTP server is built while the threads boot, and listens once they are up.
  const app = Fastify({
    serverFactory: (fastifyHandler) => {
      const server = http.createServer((req, res) => {
        // While closing, a keep-alive client still gets its answer, then the connection ends.
        if (!server.listening) res.shouldKeepAlive = false;
        if (ingest === null || !ingest(req, res)) fastifyHandler(req, res);
      });
      // What Fastify sets on a server it creates itself.
      server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
      server.requestTimeout = REQUEST_TIMEOUT_MS;
      return server;
    },
    loggerInstance: log.child({ role: 'http' }) as FastifyBaseLogger,
    // One log line per request would dominate the log at thousands of events a second.
    logController: new LogController({ disableRequestLogging: true }),
    trustProxy: config.trustProxy,
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 500 },
    bodyLimit: 1024 * 1024,
    clientErrorHandler,
  });
  try {
    app.get('/_health/', async (_req, reply) => reply.type('text/plain').send('ok'));
    if (roles.has('ingest')) await keys.start();
    if (roles.has('web')) {
      await app.register(async (scope) => apiRoutes(scope, apiContext));
      await webUi(app);
    } else {
      app.setNotFoundHandler(async (req, reply) =>
        reply.code(404).send({ detail: `no route for ${req.method} ${req.url.split('?')[0]}` }),
      );
    }
    const [digestStart, writerStart] = await threadsStarted;
    if (digestStart.status === 'rejected') throw digestStart.reason;
    if (writerStart.status === 'rejected') throw writerStart.reason;
    digest = digestStart.value;
    spoolAppender = writerStart.value;
  } catch (err) {
    // A thread left running would keep the process alive after the failed start.
    keys.stop();
    const [digestStart, writerStart] = await threadsStarted;
    if (digestStart.status === 'fulfilled') await digestStart.value?.stop();
    if (writerStart.status === 'fulfilled') await writerStart.value?.close();
    await app.close();
    await backends.close();
    throw err;
  }
  // Retention hourly; user sets every 5 minutes, so an hour's users are packed soon after it ends.
  retention?.start(3_600_000);
  userSets?.start(300_000, 5_000);
  lagWatch?.start(30_000, 30_000);
  const url = await app.listen({ host: config.host, port: config.port });
  // With --port 0 the real port is known only now; links and DSNs must carry it.
  if (config.port === 0) apiContext.publicUrl = config.publicUrl.replace(/:0$/, `:${new URL(url).port}`);
  log.info(
    {
      url,
      dataDir: config.dataDir,
      database: config.databaseUrl ? 'postgres' : 'sqlite',
      roles: config.roles,
    },
    'faultline is ready',
  );

  let closing: Promise<void> | null = null;
  const close = (): Promise<void> =>
    (closing ??= (async () => {
      // Stop accepting, let in-flight requests finish, then make every accepted envelope durable.
      await app.close();
      await spoolWriter.drain();
      await spoolAppender?.close();
      keys.stop();
      await retention?.stop();
      await userSets?.stop();
      await lagWatch?.stop();
      await digest?.stop();
      await outcomes.stop();
      await backends.close();
      log.info('faultline stopped');
    })());
  return { app, url, log, close };
}
