import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

/** Where `vite build` puts the web app, relative to the compiled server (dist/server/). */
const WEB_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../web/dist');

/**
 * A strict Content-Security-Policy: the UI only runs its own bundled scripts, so even if event data
 * were ever rendered as HTML by mistake, injected scripts and inline handlers would not run.
 */
const SECURITY_HEADERS: Record<string, string> = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
    "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'same-origin',
  'x-frame-options': 'DENY',
};

/**
 * Serves the single-page app: built assets by path, and `index.html` for any other page URL so client
 * routes like `/organizations/acme/issues/` survive a reload. API and ingest paths keep their 404s.
 */
export async function webUi(app: FastifyInstance): Promise<void> {
  const index = path.join(WEB_ROOT, 'index.html');
  const built = fs.existsSync(index);
  if (built) {
    await app.register(fastifyStatic, {
      root: WEB_ROOT,
      wildcard: false,
      index: false,
      setHeaders: (res) => {
        for (const [k, v] of Object.entries(SECURITY_HEADERS)) res.header(k, v);
      },
    });
  }
  app.setNotFoundHandler(async (req, reply) => {
    const isPage = req.method === 'GET' && !req.url.startsWith('/api/') && !req.url.startsWith('/_');
    if (!isPage)
      return reply.code(404).send({ detail: `no route for ${req.method} ${req.url.split('?')[0]}` });
    if (!built) {
      return reply.code(503).type('text/plain').send('The web UI is not built: run `npm run build`.');
    }
    return reply.headers(SECURITY_HEADERS).header('cache-control', 'no-cache').sendFile('index.html');
  });
}
