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
