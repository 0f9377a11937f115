/**
 * `contexts` normalisation plus Relay's user-agent inference: when an event has no browser/OS context,
 * they are derived from the request's User-Agent (browser SDKs never send them themselves).
 */
import UAParser from 'ua-parser-js';
import type { JsonObject } from '../../protocol/json.js';
import { LIMITS, boundedObject } from './bounds.js';
import { obj, str } from './coerce.js';

const MAX_CONTEXTS = 100;
const HEX32 = /^[0-9a-f]{32}$/;
const HEX16 = /^[0-9a-f]{16}$/;

/**
 * Normalises `contexts`: each entry must be an object (others are dropped, as in Relay), depth-bounded,
 * and gets `type` = its key when the SDK left it out. The trace context's ids are validated.
 */
export function normalizeContexts(value: unknown): JsonObject {
  const raw = obj(value);
  const out: JsonObject = {};
  if (!raw) return out;
  for (const key of Object.keys(raw).slice(0, MAX_CONTEXTS)) {
    if (key === '__proto__' || key.length > 256) continue;
    const context = boundedObject(raw[key], LIMITS.depth);
    if (!context) continue;
    if (typeof context['type'] !== 'string') context['type'] = key;
    out[key] = context;
  }
  const trace = obj(out['trace']);
  if (trace) {
    for (const [key, pattern] of [
      ['trace_id', HEX32],
      ['span_id', HEX16],
      ['parent_span_id', HEX16],
    ] as const) {
      const id = str(trace[key])?.toLowerCase().replace(/-/g, '');
      if (id !== undefined && pattern.test(id)) trace[key] = id;
      else delete trace[key];
    }
  }
  return out;
}

/** The validated trace id of normalised contexts. */
export function traceIdOf(contexts: JsonObject): string | null {
  const id = obj(contexts['trace'])?.['trace_id'];
  return typeof id === 'string' ? id : null;
}

/**
 * Fills `browser`, `os` and `device` contexts from a User-Agent string where the event has none.
 * Parsing uses ua-parser-js 1.x (MIT); its names differ slightly from Relay's uap-core in places
 * (`Chrome Headless` vs `HeadlessChrome`). Versions keep at most three components, like Relay.
 */
export function inferUserAgentContexts(contexts: JsonObject, userAgent: string | undefined): void {
  if (!userAgent || (contexts['browser'] && contexts['os'])) return;
  const result = parseUserAgent(userAgent.slice(0, 1024));
  if (!result) return;
  if (!contexts['browser'] && result.browser.name) {
    contexts['browser'] = withVersion({ type: 'browser', name: result.browser.name }, result.browser.version);
  }
  if (!contexts['os'] && result.os.name) {
    contexts['os'] = withVersion({ type: 'os', name: result.os.name }, result.os.version);
  }
  if (!contexts['device'] && (result.device.model || result.device.vendor)) {
    const device: JsonObject = { type: 'device' };
    if (result.device.model) device['model'] = result.device.model;
    if (result.device.vendor) device['brand'] = result.device.vendor;
    if (result.device.model) device['family'] = result.device.model;
    contexts['device'] = device;
  }
}

/** Parsed User-Agents: a site's visitors share a handful, and parsing one costs tens of microseconds. */
const parsedAgents = new Map<string, UAParser.IResult | null>();
const MAX_PARSED_AGENTS = 1000;

function parseUserAgent(userAgent: string): UAParser.IResult | null {
  let result = parsedAgents.get(userAgent);
  if (result !== undefined) return result;
  try {
    result = new UAParser(userAgent).getResult();
  } catch {
    result = null;
  }
  if (parsedAgents.size >= MAX_PARSED_AGENTS) parsedAgents.clear();
  parsedAgents.set(userAgent, result);
  return result;
}

function withVersion(context: JsonObject, version: string | undefined): JsonObject {
  const short = version?.split('.').slice(0, 3).join('.');
  if (short) context['version'] = short;
  return context;
}
