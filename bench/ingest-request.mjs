import { LOAD } from './phases.mjs';

/**
 * The request an SDK makes: `@sentry/node` 11.12.0 posts envelopes to this path with its key in the
 * query string (as in the recording), so the bench does too.
 * @param {{ projectId: number, publicKey: string }} project
 */
export function ingestPath({ projectId, publicKey }) {
  return (
    `/api/${projectId}/envelope/?sentry_version=7&sentry_key=${publicKey}` +
    '&sentry_client=sentry.javascript.node%2F11.12.0'
  );
}

/** Headers of the recorded SDK request (undici adds content-length; the SDK itself sent chunked). */
export const INGEST_HEADERS = {
  'content-type': 'application/x-sentry-envelope',
  'user-agent': 'sentry.javascript.node/11.12.0',
};

/**
 * Where and how every load phase posts to a server's ingest route: the same path, headers and
 * number of connections in each phase (the load functions add the body and the pacing).
 * @param {{ origin: string }} server
 * @param {{ projectId: number, publicKey: string }} project
 */
export function ingestTarget(server, project) {
  return {
    origin: server.origin,
    path: ingestPath(project),
    headers: INGEST_HEADERS,
    connections: LOAD.connections,
  };
}
