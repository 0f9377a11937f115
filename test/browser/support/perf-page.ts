// The two sides of the performance browser test: the shop page (fixtures/perf-app.js bundled with the
// real @sentry/browser) on its own origin, and the Node cart API (fixtures/cart-api.mjs with the real
// @sentry/node) as a child process on a third origin, as a customer's front end and back end would be.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { repoRoot } from '../../harness/server.js';
import { serveSentryPage, type SentryPage } from './sentry-page.js';

const PAGE = `<!doctype html>
<html><head><meta charset="utf-8"><title>Shop</title>
<style>body{font:16px system-ui;margin:40px} .hero{font-size:28px;padding:40px;background:#eef}</style></head>
<body><h1>Cart</h1><p class="hero">Two items in your cart, delivered tomorrow.</p>
<p id="total">Loading…</p>
<button id="apply">Apply coupon</button> <span id="coupon"></span>
<p><a id="checkout" href="/checkout">Go to checkout</a></p>
<script src="/app.js"></script></body></html>`;

/** Serves the shop page that traces with @sentry/browser. */
export function servePerfPage(): Promise<SentryPage> {
  return serveSentryPage({ entry: 'test/browser/fixtures/perf-app.js', html: PAGE });
}

/** The running cart API. */
export interface CartApi {
  url: string;
  /** SIGTERM: the API flushes the SDK, then exits. */
  stop(): Promise<void>;
}

/** Starts the cart API with a DSN and resolves once it listens. */
export async function startCartApi(dsn: string): Promise<CartApi> {
  const proc: ChildProcess = spawn(
    process.execPath,
    [path.join(repoRoot, 'test/browser/fixtures/cart-api.mjs')],
    {
      env: { ...process.env, DSN: dsn },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  proc.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`cart API did not start:\n${out}`)), 15_000);
    proc.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /\{"port":(\d+)\}/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    });
    proc.on('exit', (code) => reject(new Error(`cart API exited with ${code}:\n${out}`)));
  });
  const exited = new Promise<void>((resolve) => proc.on('exit', () => resolve()));
  return {
    url: `http://127.0.0.1:${port}`,
    async stop() {
      if (proc.exitCode === null) proc.kill('SIGTERM');
      await exited;
    },
  };
}
