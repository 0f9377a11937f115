// The digest on its own, without HTTP or a load generator competing for the cores: spools N error
// envelopes (optionally with replay segments mixed in) into a fresh data folder, through the spool
// journal as the server does, then times the digest loop draining them in this process. It reports
// CPU µs per envelope, the figure the digest's throughput target depends on; run it under
// `node --cpu-prof` to see where that time goes.
//
//   npm run build && node bench/digest-alone.mjs [--n=30000] [--replays=10] [--profile=FILE] [--keep]
//
// `--profile=FILE` writes a V8 CPU profile of the digest phase only (open it in Chrome's DevTools).
// `--replays=K` adds one replay segment for every K error envelopes (the replay bench's mix is 10).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Session } from 'node:inspector/promises';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import pino from 'pino';
import { envelopeFactory } from './envelopes.mjs';
import { provision } from './provision.mjs';
import { replayFactory } from './replay-envelopes.mjs';

const arg = (name, fallback) => {
  const hit = process.argv.find((a) => a.startsWith(`--${name}=`));
  return hit ? Number(hit.split('=')[1]) : fallback;
};
const total = arg('n', 30_000);
const threads = arg('threads', 0);
const replayEvery = arg('replays', 0);

const dist = new URL('../dist/', import.meta.url);
const { openBackends } = await import(new URL('server/backends.js', dist).href);
const { DigestLoop } = await import(new URL('digest/digest-loop.js', dist).href);
const { OutcomeCounter } = await import(new URL('ingest/outcomes.js', dist).href);
const { DIGEST_THREAD_LIMITS } = await import(new URL('server/digest-thread.js', dist).href);

const { SqliteSpool } = await import(new URL('spool/sqlite-spool.js', dist).href);
const journal = await import(new URL('spool/spool-journal.js', dist).href);
const { SqliteStorage } = await import(new URL('storage/sqlite/sqlite-storage.js', dist).href);
const { EmbeddedBlobStore } = await import(new URL('storage/embedded-blob-store.js', dist).href);

/** Drains one shard of the spool in a worker thread, as one of the server's digest threads would. */
async function drainShard({ dataDir, index, count }) {
  const storage = SqliteStorage.open(path.join(dataDir, 'faultline.sqlite'), {
    migrate: false,
    cacheMiB: 32,
  });
  const spool = new SqliteSpool(path.join(dataDir, 'spool.sqlite'), { index, count });
  const blobs = new EmbeddedBlobStore(path.join(dataDir, 'blobs.sqlite'), path.join(dataDir, 'blobs'));
  const outcomes = new OutcomeCounter(storage);
  const loop = new DigestLoop(spool, storage, outcomes, blobs, pino({ level: 'warn' }));
  let entries = 0;
  for (let n; (n = await loop.runOnce()) > 0;) entries += n;
  await outcomes.stop();
  await spool.close();
  await storage.close();
  blobs.close();
  const cpu = process.threadCpuUsage?.() ?? { user: 0, system: 0 };
  parentPort.postMessage({ entries, digested: loop.digested, cpu });
}
if (!isMainThread) {
  await drainShard(workerData);
  process.exit(0);
}

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'faultline-digest-'));
const { projectId, publicKey } = provision(dataDir, 'http://127.0.0.1:9000');
const backends = await openBackends({ dataDir, databaseUrl: null }, { migrate: true, cacheMiB: 32 });

const errors = envelopeFactory(publicKey);
const replays = replayFactory();
const meta = { clientIp: '10.0.0.1', userAgent: 'node', publicKey };
let replaySegments = 0;
// Spooled as the server spools them: journaled, then moved into segments as chunks.
const journalFile = journal.journalPaths(path.join(dataDir, 'spool.sqlite')).file;
journal.prepareJournalFile(journalFile);
const moved = new BigInt64Array(new SharedArrayBuffer(8));
const mover = new journal.JournalMover(journalFile, backends.spool, moved);
const writer = new journal.JournalWriter(journalFile, mover.position, moved);
for (let done = 0; done < total;) {
  const chunk = [];
  for (let i = 0; i < 1000 && done < total; i++, done++) {
    chunk.push({ projectId, receivedAt: Date.now(), meta, body: errors.next().body });
    if (replayEvery > 0 && done % replayEvery === 0) {
      chunk.push({ projectId, receivedAt: Date.now(), meta, body: replays.next().body });
      replaySegments++;
    }
  }
  if (!writer.tryAppend(chunk)) throw new Error('the journal is full');
  mover.move(writer.lsn);
}
writer.close();
mover.close();

if (threads > 0) {
  // The server's layout: N digest threads, each on its own shard of the spool.
  await backends.close();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const results = await Promise.all(
    Array.from({ length: threads }, (_, index) => {
      const worker = new Worker(new URL(import.meta.url), {
        workerData: { dataDir, index, count: threads },
        resourceLimits: DIGEST_THREAD_LIMITS,
      });
      return new Promise((resolve, reject) => {
        worker.once('message', resolve);
        worker.once('error', reject);
      });
    }),
  );
  const wallMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const entries = results.reduce((a, r) => a + r.entries, 0);
  const digested = results.reduce((a, r) => a + r.digested, 0);
  console.log(`${threads} digest threads: envelopes ${entries}, events stored ${digested}`);
  console.log(`wall: ${(wallMs / 1000).toFixed(2)} s, ${Math.round((digested / wallMs) * 1000)} errors/s`);
  console.log(
    `CPU: ${((cpu.user + cpu.system) / 1e6).toFixed(2)} s, ${Math.round((cpu.user + cpu.system) / entries)} µs per envelope`,
  );
  console.log(`peak RSS: ${Math.round(process.resourceUsage().maxRSS / 1024)} MB`);
  fs.rmSync(dataDir, { recursive: true, force: true });
  process.exit(0);
}

const outcomes = new OutcomeCounter(backends.storage);
const loop = new DigestLoop(
  backends.spool,
  backends.storage,
  outcomes,
  backends.blobs,
  pino({ level: 'warn' }),
);
const profileFile = process.argv.find((a) => a.startsWith('--profile='))?.slice('--profile='.length);
const inspector = profileFile ? new Session() : null;
if (inspector) {
  inspector.connect();
  await inspector.post('Profiler.enable');
  await inspector.post('Profiler.start');
}
const cpu0 = process.cpuUsage();
const t0 = performance.now();
let entries = 0;
for (let n; (n = await loop.runOnce()) > 0;) entries += n;
const wallMs = performance.now() - t0;
const cpu = process.cpuUsage(cpu0);
if (inspector && profileFile) {
  const { profile } = await inspector.post('Profiler.stop');
  fs.writeFileSync(profileFile, JSON.stringify(profile));
}
await outcomes.stop();
const cpuUs = cpu.user + cpu.system;

console.log(`envelopes: ${entries} (${total} errors, ${replaySegments} replay segments)`);
console.log(`events stored: ${loop.digested}`);
console.log(`wall: ${(wallMs / 1000).toFixed(2)} s, ${Math.round((loop.digested / wallMs) * 1000)} errors/s`);
console.log(
  `CPU: ${(cpuUs / 1e6).toFixed(2)} s (user ${(cpu.user / 1e6).toFixed(2)}, system ${(cpu.system / 1e6).toFixed(2)}), ` +
    `${Math.round(cpuUs / entries)} µs per envelope`,
);
console.log(`peak RSS: ${Math.round(process.resourceUsage().maxRSS / 1024)} MB`);
await backends.close();
if (process.argv.includes('--keep')) console.log(`data folder kept: ${dataDir}`);
else fs.rmSync(dataDir, { recursive: true, force: true });
