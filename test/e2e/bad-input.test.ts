import fs from 'node:fs';
import http from 'node:http';
import { createGzip } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../harness/api.js';
import { envelopeUrl, errorEvent, eventEnvelope, newEventId } from '../harness/envelopes.js';
import {
  provision,
  startServer,
  waitForIngest,
  type Provisioned,
  type TestServer,
} from '../harness/server.js';
import { openStoreReader } from '../harness/store-reader.js';

type Probe = { name: string; path: string; headers?: Record<string, string>; body: Buffer };
type Answer = { status: number; body: string };

const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });

function send(base: string, probe: Probe): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      new URL(probe.path, base),
      { method: 'POST', agent, headers: { 'content-length': String(probe.body.length), ...probe.headers } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
      },
    );
    req.on('error', reject);
    req.end(probe.body);
  });
}

/** Deterministic pseudo-random numbers, so a failure can be replayed. */
function rng(seed: number): () => number {
  let x = seed;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 2 ** 32;
  };
}

/** 300 MB of zeros gzipped: about 300 KB on the wire. */
async function gzipBomb(): Promise<Buffer> {
  const gzip = createGzip({ level: 9 });
  const chunks: Buffer[] = [];
  gzip.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise((r) => gzip.on('end', r));
  const zeros = Buffer.alloc(1024 * 1024);
  for (let i = 0; i < 300; i++) if (!gzip.write(zeros)) await new Promise((r) => gzip.once('drain', r));
  gzip.end();
  await done;
  return Buffer.concat(chunks);
}

/** Requests that are malformed at the HTTP, encoding, framing or auth level: each must get a 4xx. */
function makeProbes(acct: Provisioned, bomb: Buffer, count: number): Probe[] {
  const random = rng(42);
  const pick = <T>(xs: T[]): T => xs[Math.floor(random() * xs.length)]!;
  const auth = `?sentry_version=7&sentry_key=${acct.publicKey}`;
  const env = `/api/${acct.projectId}/envelope/${auth}`;
  const store = `/api/${acct.projectId}/store/${auth}`;
  const valid = eventEnvelope(errorEvent(newEventId()));
  const headerEnd = valid.indexOf(10);
  const deep = '['.repeat(5_000) + ']'.repeat(5_000);
  const kinds: Array<(i: number) => Probe> = [
    // Cut inside the envelope header line: never valid JSON.
    () => ({
      name: 'truncated header',
      path: env,
      body: valid.subarray(0, 1 + Math.floor(random() * (headerEnd - 2))),
    }),
    // An item whose declared length runs past the end, or is too short for its payload.
    () => {
      const payload = JSON.stringify(errorEvent(newEventId()));
      const delta = pick([1, 7, 100, -1, -3]);
      return {
        name: 'wrong length',
        path: env,
        body: Buffer.from(
          `{}\n{"type":"event","length":${Buffer.byteLength(payload) + delta}}\n${payload}${delta < 0 ? 'xx' : ''}`,
        ),
      };
    },
    () => ({
      name: 'invalid utf-8 header',
      path: env,
      body: Buffer.concat([
        Buffer.from('{"a":"'),
        Buffer.from([0xff, 0xfe, 0xc3]),
        Buffer.from('"}\n{"type":"event"}\n{}'),
      ]),
    }),
    () => ({
      name: 'non-object item header',
      path: env,
      body: Buffer.from(`{}\n${pick(['[1]', '"event"', '42', 'null', '{"type":5}'])}\n{}`),
    }),
    () => ({
      name: 'deep nesting in header',
      path: env,
      body: Buffer.from(`{"a":${deep}}\n{"type":"event"}\n{}`),
    }),
    () => ({
      name: 'deep nesting in store',
      path: store,
      headers: { 'content-type': 'application/json' },
      body: Buffer.from(`{"a":${deep}}`),
    }),
    () => ({
      name: 'store not json',
      path: store,
      body: Buffer.from(pick(['not json', '{"a":', '[1,2]', '\u0000\u0001'])),
    }),
    () => ({ name: 'empty body', path: env, body: Buffer.alloc(0) }),
    () => ({
      name: 'huge envelope header line',
      path: env,
      body: Buffer.from(`{"x":"${'a'.repeat(200_000)}"}\n{"type":"event"}\n{}`),
    }),
    () => ({
      name: 'huge auth header',
      path: `/api/${acct.projectId}/envelope/`,
      headers: { 'x-sentry-auth': `Sentry sentry_key=${'a'.repeat(10_000)}` },
      body: valid,
    }),
    () => ({
      name: 'oversized http headers',
      path: env,
      headers: { 'x-filler': 'x'.repeat(20_000) },
      body: valid,
    }),
    () => ({ name: 'gzip bomb', path: env, headers: { 'content-encoding': 'gzip' }, body: bomb }),
    () => ({
      name: 'corrupt gzip',
      path: env,
      headers: { 'content-encoding': 'gzip' },
      body: Buffer.from([0x1f, 0x8b, 8, 0, 1, 2, 3, 4, 5, 6, 7]),
    }),
    () => ({ name: 'unknown encoding', path: env, headers: { 'content-encoding': 'lzma' }, body: valid }),
    () => ({ name: 'no auth', path: `/api/${acct.projectId}/envelope/`, body: valid }),
    () => ({
      name: 'unknown key',
      path: `/api/${acct.projectId}/envelope/?sentry_key=${'0'.repeat(32)}`,
      body: valid,
    }),
    () => ({
      name: 'two auths',
      path: env,
      headers: { 'x-sentry-auth': `Sentry sentry_key=${acct.publicKey}` },
      body: valid,
    }),
    () => ({
      name: 'future version',
      path: `/api/${acct.projectId}/envelope/?sentry_version=9&sentry_key=${acct.publicKey}`,
      body: valid,
    }),
    () => ({ name: 'wrong project', path: `/api/999/envelope/${auth}`, body: valid }),
    () => ({ name: 'bad project id', path: `/api/abc/envelope/${auth}`, body: valid }),
    // Random bytes flipped inside the header line (kept invalid by breaking its opening brace).
    () => {
      const body = Buffer.from(valid);
      body[0] = pick([0x5b, 0x22, 0x20, 0x00, 0x7d]);
      for (let k = 0; k < 3; k++) body[Math.floor(random() * headerEnd)] = Math.floor(random() * 256);
      return { name: 'mutated header', path: env, body };
    },
  ];
  return Array.from({ length: count }, (_, i) => kinds[i % kinds.length]!(i));
}

function rssMiB(pid: number): { rss: number; peak: number } {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const read = (key: string) => Number(new RegExp(`${key}:\\s+(\\d+)`).exec(status)?.[1] ?? 0) / 1024;
  return { rss: read('VmRSS'), peak: read('VmHWM') };
}

describe('bad input at the ingest routes', () => {
  let server: TestServer;
  let acct: Provisioned;
  beforeAll(async () => {
    server = await startServer();
    acct = provision(server.dataDir, server.port);
    await waitForIngest(server, acct);
  });
  afterAll(async () => {
    agent.destroy();
    expect(await server.stop()).toBe(0);
  });

  it('answers 10,000 malformed requests with a 4xx and a detail, stays up and loses no valid event', async () => {
    const probes = makeProbes(acct, await gzipBomb(), 10_000);
    const validIds: string[] = [];
    const failures: string[] = [];
    const byName = new Map<string, number>();
    let next = 0;
    const worker = async () => {
      while (next < probes.length) {
        const i = next++;
        const probe = probes[i]!;
        const answer = await send(server.url, probe).catch((e: Error) => ({ status: 0, body: e.message }));
        let detail: unknown;
        try {
          detail = (JSON.parse(answer.body) as { detail?: unknown }).detail;
        } catch {
          detail = undefined;
        }
        if (answer.status < 400 || answer.status >= 500 || typeof detail !== 'string' || detail === '') {
          failures.push(`${probe.name}: ${answer.status} ${answer.body.slice(0, 120)}`);
        }
        byName.set(`${probe.name} ${answer.status}`, (byName.get(`${probe.name} ${answer.status}`) ?? 0) + 1);
        if (i % 100 === 0) {
          const id = newEventId();
          const ok = await send(server.url, {
            name: 'valid',
            path: envelopeUrl('', acct.projectId, acct.publicKey),
            body: eventEnvelope(errorEvent(id, i % 5)),
          });
          expect(ok.status).toBe(200);
          validIds.push(id);
        }
      }
    };
    // Four at a time: a 20 MiB inflation limit each stays inside the 128 MiB in-flight budget.
    await Promise.all(Array.from({ length: 4 }, worker));
    expect(failures.slice(0, 20)).toEqual([]);
    expect(server.proc.exitCode).toBeNull();
    const mem = rssMiB(server.proc.pid!);
    // Bounded memory: the bomb and the floods must not balloon the process.
    expect(mem.peak).toBeLessThan(400);
    const db = openStoreReader(server.dataDir);
    try {
      const has = db.prepare('SELECT count(*) AS n FROM events WHERE event_id = ?');
      await waitFor(
        async () => validIds.every((id) => (has.get(id) as { n: number }).n === 1),
        20_000,
        'valid events stored',
      );
    } finally {
      db.close();
    }
    console.log(
      `bad input: ${probes.length} probes, peak RSS ${mem.peak.toFixed(0)} MiB`,
      Object.fromEntries(byName),
    );
  }, 180_000);
});
