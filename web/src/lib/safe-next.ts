// Where to go after signing in. Only same-site paths: `?next=https://evil.example` must not turn the
// login page into an open redirect.

/** A local path from `next`, or `/`. */
export function safeNext(next: string | null): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/';
  return next;
}
