// The one way the UI talks to the server: same-origin fetches with the session cookie, and the CSRF
// token echoed on every write (the server refuses cookie-authenticated writes without it).

/** A refusal from the API, carrying the status and Sentry's `detail` text. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    detail: string,
  ) {
    super(detail);
    this.name = 'ApiError';
  }
}

/** A response body with the pagination cursors from its `Link` header. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
  previousCursor: string | null;
}

/** The readable `fl_csrf` cookie the server sets beside the (HttpOnly) session cookie. */
export function csrfToken(): string {
  const match = /(?:^|;\s*)fl_csrf=([^;]*)/.exec(document.cookie);
  return match?.[1] ? decodeURIComponent(match[1]) : '';
}

async function send(method: string, path: string, body?: unknown): Promise<Response> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET') headers['x-csrftoken'] = csrfToken();
  const res = await fetch(path, {
    method,
    headers,
    credentials: 'same-origin',
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) {
    let detail = `${res.status} ${res.statusText}`;
    try {
      const parsed = (await res.json()) as { detail?: unknown };
      if (typeof parsed.detail === 'string') detail = parsed.detail;
    } catch {
      // Not JSON (a proxy's error page, say): keep the status line.
    }
    throw new ApiError(res.status, detail);
  }
  return res;
}

async function json<T>(res: Response): Promise<T> {
  const text = await res.text();
  return (text ? JSON.parse(text) : null) as T;
}

/** Reads a cursor out of Sentry's `Link` header (`<…>; rel="next"; results="true"; cursor="…"`). */
export function parseLinkCursor(header: string | null, rel: 'next' | 'previous'): string | null {
  if (!header) return null;
  for (const part of header.split(/,\s*(?=<)/)) {
    if (!part.includes(`rel="${rel}"`)) continue;
    if (!part.includes('results="true"')) return null;
    return /cursor="([^"]*)"/.exec(part)?.[1] ?? null;
  }
  return null;
}

/** The API client: thin verbs over `fetch`, so every call site reads like the route it uses. */
export const api = {
  get: async <T>(path: string): Promise<T> => json<T>(await send('GET', path)),
  getPage: async <T>(path: string): Promise<Page<T>> => {
    const res = await send('GET', path);
    const link = res.headers.get('link');
    return {
      items: await json<T[]>(res),
      nextCursor: parseLinkCursor(link, 'next'),
      previousCursor: parseLinkCursor(link, 'previous'),
    };
  },
  post: async <T>(path: string, body: unknown = {}): Promise<T> => json<T>(await send('POST', path, body)),
  put: async <T>(path: string, body: unknown): Promise<T> => json<T>(await send('PUT', path, body)),
  delete: async (path: string): Promise<void> => {
    await send('DELETE', path);
  },
};

/** Encodes one path segment (slugs and ids come from URLs the user can type). */
export const seg = (value: string): string => encodeURIComponent(value);

/** True for the API's "not yours or not there" answer. */
export const isNotFound = (err: unknown): boolean => err instanceof ApiError && err.status === 404;

/** A short message for any error a request can end with. */
export function errorText(err: unknown): string {
  if (err instanceof ApiError) return err.message;
  if (err instanceof Error) return err.message;
  return 'Something went wrong';
}
