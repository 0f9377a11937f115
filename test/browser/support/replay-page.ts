// Serves the replay test's page (fixtures/replay-app.js with the real @sentry/browser and its replay
// integration) on its own origin; every path answers the same page, so `/page2` is a second page load.
import { serveSentryPage, type SentryPage } from './sentry-page.js';

const PAGE = `<!doctype html>
<html><head><meta charset="utf-8"><title>Replay shop</title>
<style>body{font:16px system-ui;margin:40px} .hero{font-size:28px;padding:30px;background:#eef}</style></head>
<body><h1>Replay shop</h1><p class="hero">Spring sale on everything.</p>
<p id="status">ready</p>
<p><label>Name <input id="name"></label></p>
<button id="like">Like</button> <button id="load">Load profile</button> <button id="boom">Break</button>
<p><a id="next" href="/page2">Next page</a></p>
<script src="/app.js"></script></body></html>`;

export function serveReplayPage(): Promise<SentryPage> {
  return serveSentryPage({ entry: 'test/browser/fixtures/replay-app.js', html: PAGE });
}
