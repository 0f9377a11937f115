import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * Sentry's cursor is `value:offset:is_prev`. Faultline pages by offset (cheap at issue-list sizes),
 * so it writes `0:<offset>:<is_prev>` and reads the offset back.
 */
export function readCursor(raw: string | undefined): number {
  if (!raw) return 0;
  const parts = raw.split(':');
  const offset = Number(parts[1] ?? 0);
  return Number.isInteger(offset) && offset >= 0 && offset < 1_000_000 ? offset : 0;
}

/** Page size from `limit`/`per_page`, bounded like Sentry's (1–100). */
export function readLimit(raw: string | undefined, fallback: number): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0) return fallback;
  return Math.min(n, 100);
}

/** Sets the `Link` header with previous/next cursors, as Sentry's paginated routes do. */
export function setLinkHeader(
  req: FastifyRequest,
  reply: FastifyReply,
  offset: number,
  limit: number,
  hasMore: boolean,
): void {
  const url = new URL(req.url, `${req.protocol}://${req.headers.host ?? 'localhost'}`);
  const link = (cursor: string, rel: string, results: boolean): string => {
    url.searchParams.set('cursor', cursor);
    return `<${url.toString()}>; rel="${rel}"; results="${results}"; cursor="${cursor}"`;
  };
  const prev = `0:${Math.max(0, offset - limit)}:1`;
  const next = `0:${offset + limit}:0`;
  reply.header('link', `${link(prev, 'previous', offset > 0)}, ${link(next, 'next', hasMore)}`);
}
