// Events whose every user-controlled field carries an HTML or script payload. If any of them were
// rendered as HTML, `window.__xss` would be set (or an <img src=x> would appear in the DOM).
import { newEventId } from '../../harness/envelopes.js';

export const IMG = '<img src=x onerror="window.__xss=1">';
export const SCRIPT = '<script>window.__xss=1</script>';
export const JS_URL = 'javascript:window.__xss=1';

/** An error event with payloads in the message, exception, tags, breadcrumbs, vars, user and request. */
export function xssEvent(): Record<string, unknown> {
  return {
    event_id: newEventId(),
    timestamp: Date.now() / 1000,
    platform: 'javascript',
    level: 'error',
    environment: 'xss-env',
    release: `rel-${IMG}`,
    logentry: { formatted: `message ${SCRIPT} ${IMG}` },
    tags: { 'xss-tag': IMG, link: JS_URL },
    user: { id: 'u1', email: `${IMG}@example.com`, username: SCRIPT, ip_address: '198.51.100.1' },
    request: {
      url: JS_URL,
      method: 'GET',
      headers: { 'X-Evil': IMG, Referer: JS_URL },
      query_string: `q=${SCRIPT}`,
    },
    breadcrumbs: {
      values: [
        {
          timestamp: Date.now() / 1000 - 1,
          category: `cat ${IMG}`,
          message: `crumb ${SCRIPT}`,
          level: 'info',
        },
        {
          timestamp: Date.now() / 1000,
          category: 'navigation',
          data: { from: JS_URL, to: IMG },
          level: 'info',
        },
      ],
    },
    contexts: { browser: { name: IMG, version: SCRIPT } },
    exception: {
      values: [
        {
          type: 'XssError',
          value: `value ${IMG}`,
          stacktrace: {
            frames: [
              {
                function: `lib${SCRIPT}`,
                filename: `node_modules/${IMG}.js`,
                lineno: 1,
                in_app: false,
              },
              {
                function: 'render',
                filename: `app/${IMG}.js`,
                lineno: 3,
                in_app: true,
                context_line: `el.innerHTML = '${IMG}';`,
                pre_context: [SCRIPT],
                post_context: [JS_URL],
                vars: { html: IMG, script: SCRIPT, href: JS_URL },
              },
            ],
          },
        },
      ],
    },
  };
}
