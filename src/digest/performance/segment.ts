/**
 * Builds the {@link ProcessedTransaction} of a span that stands for a transaction: the root of a v2
 * segment (`is_segment: true`), or an INP interaction span. Its Sentry-style event body is assembled
 * from the span's attributes (`sentry.release`, `sentry.environment`, `user.*`, `url.full`,
 * `http.request.method`, `user_agent.original`, `browser.web_vital.*`, …) so the event API and the
 * performance views read segments exactly like `transaction` items.
 */
import type { JsonObject } from '../../protocol/json.js';
import { LIMITS, toBoundedJson, truncate } from '../event/bounds.js';
import { lenientString, obj, str } from '../event/coerce.js';
import { inferUserAgentContexts } from '../event/contexts.js';
import { validDist, validEnvironment, validEventId, validRelease } from '../event/identity.js';
import { normalizePlatform } from '../event/level.js';
import { normalizeRequest, normalizeUser } from '../event/request-user.js';
import { validTagKey, validTagValue } from '../event/tags.js';
import { segmentEventId } from './ids.js';
import { isPlaceholderName, methodAndPathName, parameterizeUrlName, treatAsUrl } from './parameterize.js';
import type { SpanInput } from './span-input.js';
import { normalizeStatus } from './status.js';
import { measurementsJson, statusCodeOf, summarize } from './summary.js';
import type { Measurement, PerformanceContext, ProcessedTransaction, TransactionKind } from './types.js';

/** What the container knows beyond the span itself. */
export interface SegmentOptions {
  ctx: PerformanceContext;
  kind: TransactionKind;
  /** The container's `ingest_settings` (`infer_ip`, `infer_user_agent`). */
  ingestSettings: Record<string, unknown>;
  /** Web vitals from child spans of the same payload, merged under the span's own. */
  childMeasurements?: Record<string, Measurement>;
  /** Names of segments built from the same payload, by span id (to resolve interaction placeholders). */
  segmentNames?: ReadonlyMap<string, { name: string; source: string }>;
}

/** Attribute namespaces that are SDK or semantic-convention data, not user tags. */
const RESERVED_PREFIXES = [
  'sentry.',
  'user.',
  'url.',
  'http.',
  'server.',
  'client.',
  'network.',
  'browser.',
  'device.',
  'culture.',
  'os.',
  'app.',
  'process.',
  'code.',
  'resource.',
  'db.',
  'cache.',
  'messaging.',
  'gen_ai.',
  'ai.',
  'otel.',
  'thread.',
  'user_agent.',
  'performance.',
  'frames.',
  'ui.',
];
const RESERVED_KEYS = new Set(['type', 'transaction', 'release', 'environment', 'replay_id', 'profile_id']);
const MAX_ATTRIBUTE_TAGS = 50;

/** SDK name → event platform, for spans (they carry no `platform`). */
export function platformOfSdk(sdkName: string | undefined, hint: string | undefined): string {
  const fromHint = normalizePlatform(undefined, hint);
  if (fromHint !== 'other' || sdkName === undefined) return fromHint;
  if (/^sentry\.javascript\.(node|bun|deno|nestjs|aws-serverless|google-cloud-serverless)/.test(sdkName))
    return 'node';
  const prefixes: Array<[string, string]> = [
    ['sentry.javascript.', 'javascript'],
    ['sentry.python', 'python'],
    ['sentry.java', 'java'],
    ['sentry.cocoa', 'cocoa'],
    ['sentry.dotnet', 'csharp'],
    ['sentry.go', 'go'],
    ['sentry.ruby', 'ruby'],
    ['sentry.php', 'php'],
    ['sentry.elixir', 'elixir'],
    ['sentry.native', 'native'],
  ];
  return prefixes.find(([prefix]) => sdkName.startsWith(prefix))?.[1] ?? 'other';
}

/** The path of a URL string, if it parses. */
function pathOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    return new URL(url, 'http://placeholder.invalid').pathname;
  } catch {
    return undefined;
  }
}

/** Name, source and placeholder link of a segment or interaction. */
function resolveName(
  span: SpanInput,
  attr: (key: string) => string | undefined,
  sdkName: string | undefined,
  options: SegmentOptions,
): { name: string; source: string; nameFromEventId: string | null } {
  const interaction = options.kind === 'interaction';
  let name =
    (interaction ? (attr('sentry.transaction') ?? attr('transaction')) : undefined) ??
    attr('sentry.segment.name') ??
    span.name ??
    str(options.ctx.trace?.['transaction']) ??
    '<unlabeled transaction>';
  let source = (
    attr('sentry.segment.name.source') ??
    attr('sentry.source') ??
    attr('sentry.span.source') ??
    'unknown'
  ).toLowerCase();
  let nameFromEventId: string | null = null;
  if (isPlaceholderName(name)) {
    // JS SDK v11 names page loads `Pageload` and sends the path as `url.path` (errors get the path as
    // their transaction, so this keeps both views in step).
    const path = !interaction ? (attr('url.path') ?? pathOf(attr('url.full'))) : undefined;
    const pageId = attr('sentry.pageload.span_id') ?? span.declaredSegmentId ?? span.parentSpanId;
    const known = pageId ? options.segmentNames?.get(pageId) : undefined;
    if (path) {
      name = path;
    } else if (known) {
      name = known.name;
      source = known.source;
    } else if (interaction && pageId && pageId !== span.spanId) {
      nameFromEventId = segmentEventId(span.traceId, pageId);
    }
  }
  const withPath = interaction
    ? undefined
    : methodAndPathName(
        name,
        attr('url.path') ?? attr('http.target') ?? pathOf(attr('url.full') ?? attr('http.url')),
      );
  if (withPath) {
    // A server span named by its method alone: its raw URL, parameterised below like any `url` name.
    name = withPath;
    source = 'url';
  }
  if (treatAsUrl(source === 'unknown' ? undefined : source, name, sdkName)) {
    name = parameterizeUrlName(name);
    source = 'sanitized';
  }
  if (!/^[a-z_]{1,32}$/.test(source)) source = 'unknown';
  return { name: truncate(name, LIMITS.name), source, nameFromEventId };
}

/** User-defined span attributes (not SDK or convention data) as tags. */
function attributeTags(attributes: Record<string, unknown>): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const key of Object.keys(attributes)) {
    if (out.length >= MAX_ATTRIBUTE_TAGS) break;
    if (RESERVED_KEYS.has(key) || RESERVED_PREFIXES.some((p) => key.startsWith(p))) continue;
    const k = validTagKey(key);
    const v = validTagValue(attributes[key]);
    if (k !== undefined && v !== undefined) out.push([k, v]);
  }
  return out;
}

/** Builds the transaction for a segment root or interaction span. */
export function buildSegment(span: SpanInput, options: SegmentOptions): ProcessedTransaction {
  const { ctx } = options;
  const a = span.attributes;
  const attr = (key: string): string | undefined => lenientString(a[key])?.trim() || undefined;
  const sdkName = attr('sentry.sdk.name') ?? str(ctx.sdk?.['name']);
  const platform = platformOfSdk(sdkName, ctx.platformHint);
  const eventId = segmentEventId(span.traceId, span.spanId);
  const { name, source, nameFromEventId } = resolveName(span, attr, sdkName, options);
  const httpStatusCode = statusCodeOf(a['http.response.status_code']) ?? statusCodeOf(a['http.status_code']);
  const status = normalizeStatus(span.status, httpStatusCode);
  const op = span.op ?? 'default';

  const data: JsonObject = {
    event_id: eventId,
    level: 'info',
    platform,
    transaction: name,
    transaction_info: { source },
    start_timestamp: span.startMs / 1000,
    timestamp: span.endMs / 1000,
    received: ctx.receivedAt / 1000,
  };
  const release = validRelease(a['sentry.release']) ?? validRelease(ctx.trace?.['release']);
  const environment =
    validEnvironment(a['sentry.environment']) ?? validEnvironment(ctx.trace?.['environment']);
  const dist = release ? validDist(a['sentry.dist']) : null;
  if (release) data['release'] = release;
  if (dist) data['dist'] = dist;
  if (environment) data['environment'] = environment;

  const rawUser: Record<string, unknown> = {};
  for (const [from, to] of [
    ['user.id', 'id'],
    ['user.email', 'email'],
    ['user.name', 'username'],
    ['user.full_name', 'name'],
    ['user.ip_address', 'ip_address'],
  ] as const) {
    if (a[from] !== undefined) rawUser[to] = a[from];
  }
  const user = normalizeUser(rawUser, {
    clientIp: ctx.clientIp,
    platform,
    inferIp: options.ingestSettings['infer_ip'],
  });
  if (user) data['user'] = user;

  const url = attr('url.full') ?? attr('http.url');
  const method = attr('http.request.method') ?? attr('http.method');
  const request = normalizeRequest({ url, method }, ctx.clientIp);
  if (request) data['request'] = request;

  const traceContext: JsonObject = {
    type: 'trace',
    trace_id: span.traceId,
    span_id: span.spanId,
    op,
    status,
  };
  if (span.parentSpanId) traceContext['parent_span_id'] = span.parentSpanId;
  if (span.origin) traceContext['origin'] = span.origin;
  if (span.exclusiveTime !== null) traceContext['exclusive_time'] = span.exclusiveTime;
  const traceData = toBoundedJson(a, { depth: 4, budget: { chars: 64 * 1024 } });
  if (obj(traceData)) traceContext['data'] = traceData as JsonObject;
  const contexts: JsonObject = { trace: traceContext };
  const browserName = attr('browser.name');
  if (browserName) contexts['browser'] = withVersion('browser', browserName, attr('browser.version'));
  const osName = attr('os.name');
  if (osName) contexts['os'] = withVersion('os', osName, attr('os.version'));
  const userAgent =
    attr('user_agent.original') ??
    (options.ingestSettings['infer_user_agent'] === 'auto' || platform === 'javascript'
      ? (ctx.userAgent ?? undefined)
      : undefined);
  inferUserAgentContexts(contexts, userAgent);
  const replayId =
    validEventId(a['sentry.replay_id']) ??
    validEventId(a['replay_id']) ??
    validEventId(ctx.trace?.['replay_id']);
  if (replayId) contexts['replay'] = { type: 'replay', replay_id: replayId };
  if (httpStatusCode !== undefined) contexts['response'] = { type: 'response', status_code: httpStatusCode };
  data['contexts'] = contexts;

  const measurements: Record<string, Measurement> = { ...options.childMeasurements, ...span.measurements };
  if (Object.keys(measurements).length > 0) data['measurements'] = measurementsJson(measurements);
  const tags = [...span.tags, ...attributeTags(a)];
  if (tags.length > 0) data['tags'] = tags;
  const sdkVersion = attr('sentry.sdk.version') ?? str(ctx.sdk?.['version']);
  if (sdkName) data['sdk'] = sdkVersion ? { name: sdkName, version: sdkVersion } : { name: sdkName };

  return summarize(data, {
    eventId,
    projectId: ctx.projectId,
    kind: options.kind,
    traceId: span.traceId,
    spanId: span.spanId,
    parentSpanId: span.parentSpanId,
    name,
    nameSource: source,
    nameFromEventId,
    op,
    status,
    startMs: span.startMs,
    endMs: span.endMs,
    platform,
    measurements,
    breakdown: null,
    receivedAt: ctx.receivedAt,
  });
}

/** A `browser` / `os` context; versions trimmed (Node reports `os.version` as `"12.11\n"`). */
function withVersion(type: string, name: string, version: string | undefined): JsonObject {
  const context: JsonObject = { type, name: name.slice(0, 128) };
  if (version) context['version'] = version.slice(0, 64);
  return context;
}
