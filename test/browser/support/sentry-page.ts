// Serves the test shop (fixtures/app.js bundled with the real @sentry/browser) from its own origin,
// as a customer's site would be: the DSN points at Faultline on another port.
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import { repoRoot } from '../../harness/server.js';

const PAGE = `<!doctype html>
<html><head><meta charset="utf-8"><title>Shop</title></head>
<body><h1>Shop</h1><button id="checkout">Checkout</button> <span id="total"></span>
<script src="/app.js"></script></body></html>`;

/** A running static server for the shop page. */
export interface SentryPage {
  /** The page URL for a DSN. */
  url(dsn: string): string;
  close(): Promise<void>;
}

/**
 * Bundles the app (names kept, so stack traces read like source) and serves it on 127.0.0.1: the shop
 * of the error tests by default, or another fixture `entry` with its own page.
 */
export async function serveSentryPage(options: { entry?: string; html?: string } = {}): Promise<SentryPage> {
  const html = options.html ?? PAGE;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'faultline-shop-'));
  await build({
    entryPoints: [path.join(repoRoot, options.entry ?? 'test/browser/fixtures/app.js')],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'chrome120',
    minify: false,
    keepNames: true,
    outfile: path.join(dir, 'app.js'),
    logLevel: 'silent',
  });
  const js = fs.readFileSync(path.join(dir, 'app.js'));
  const server = http.createServer((req, res) => {
    if (req.url?.startsWith('/app.js')) {
      res.writeHead(200, { 'content-type': 'text/javascript' }).end(js);
    } else {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: (dsn) => `http://127.0.0.1:${port}/?dsn=${encodeURIComponent(dsn)}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
        fs.rmSync(dir, { recursive: true, force: true });
      }),
  };
}
