/**
 * The strategy chain of `newstyle:2023-01-11`, highest score first; the first strategy with any
 * contributing variant wins and the others are ignored:
 * chained exception (2000) → threads (1900) → stack trace (1800) → template (1100) → CSP (1003) →
 * message (0).
 */
import type { Component, Variants } from './component.js';
import { component, componentHash, hasContributingStacktrace, update } from './component.js';
import { chainedExceptionVariants } from './exception.js';
import { normalizeMessageForGrouping } from './normalize-message.js';
import { stacktraceVariants } from './stacktrace.js';
import type { GroupingCsp, GroupingEvent } from './types.js';

/** The winning strategy's components, by plain variant name (`app`, `system` or `default`), in order. */
export interface StrategyResult {
  variants: Map<string, Component>;
  mainExceptionId?: number;
}

/**
 * Sentry's `remove_non_stacktrace_variants`: when some variant has a contributing stack trace, variants
 * without one stop contributing (so an event with in-app frames is not also grouped by type/value).
 */
function removeNonStacktraceVariants(variants: Variants): void {
  if (variants.size <= 1) return;
  const withoutStacktrace = [...variants.values()].filter((c) => !hasContributingStacktrace(c));
  if (withoutStacktrace.length === variants.size) return;
  for (const c of withoutStacktrace) {
    update(c, {
      contributes: false,
      hint: 'ignored because this variant does not have a contributing stacktrace',
    });
  }
}

/**
 * Sentry's `Strategy.get_grouping_components`: a non-priority variant whose hash equals a priority
 * (`!`-prefixed) variant's is switched off, so app and system store one hash when they agree.
 */
function dedupeAgainstPriority(variants: Variants): Map<string, Component> {
  const priorityHashes = new Set<string>();
  for (const [name, c] of variants)
    if (name.startsWith('!') && c.contributes) priorityHashes.add(componentHash(c)!);
  const out = new Map<string, Component>();
  for (const [name, c] of variants) {
    if (!name.startsWith('!') && c.contributes && priorityHashes.has(componentHash(c)!)) {
      update(c, { contributes: false, hint: 'ignored because hash matches app variant' });
    }
    out.set(name.replace(/^!/, ''), c);
  }
  return out;
}

function threadsVariants(ev: GroupingEvent): Variants | undefined {
  if (ev.threads.length === 0) return undefined;
  for (const pick of [
    (t: (typeof ev.threads)[number]) => t.crashed,
    (t: (typeof ev.threads)[number]) => t.current,
    () => true,
  ]) {
    const chosen = ev.threads.filter(pick);
    if (chosen.length !== 1) continue;
    const stacktrace = chosen[0]!.stacktrace;
    if (!stacktrace) return new Map([['app', component('threads', [], false)]]);
    const out: Variants = new Map();
    for (const [name, c] of stacktraceVariants(stacktrace)) out.set(name, component('threads', [c]));
    return out;
  }
  return new Map([['app', component('threads', [], false)]]);
}

function templateVariants(ev: GroupingEvent): Variants | undefined {
  if (!ev.template) return undefined;
  const filename = component(
    'filename',
    ev.template.filename ? [ev.template.filename.split(/[/\\]/).pop()!] : [],
  );
  const line = component(
    'context_line',
    ev.template.contextLine !== undefined ? [ev.template.contextLine] : [],
  );
  return new Map([['default', component('template', [filename, line])]]);
}

/** Sentry's `csp.normalize_value`: `'self'` for local, the host for http(s), else `scheme://host`. */
function normalizeBlockedUri(value: string | undefined): string {
  const v = value ?? '';
  if (v === '' || v === "'self'" || v === 'self') return "'self'";
  if (!v.includes(':')) return `${v}://`;
  const m = /^([a-zA-Z][a-zA-Z0-9+.-]*):(?:\/\/([^/?#]*))?/.exec(v);
  const scheme = m?.[1]?.toLowerCase() ?? '';
  const host = m?.[2] ?? '';
  if (scheme === 'http' || scheme === 'https') return host;
  return host ? `${scheme}://${host}` : `${scheme}://`;
}

function cspVariants(csp: GroupingCsp | undefined): Variants | undefined {
  if (!csp) return undefined;
  const blocked = normalizeBlockedUri(csp.blockedUri);
  let localViolation: string | undefined;
  if (csp.violatedDirective && csp.effectiveDirective === 'script-src' && blocked === "'self'") {
    if (csp.violatedDirective.includes("'unsafe-inline'")) localViolation = 'unsafe-inline';
    else if (csp.violatedDirective.includes("'unsafe-eval'")) localViolation = 'unsafe-eval';
  }
  const violation = component(
    'violation',
    localViolation ? [`'${localViolation}'`] : [],
    localViolation ? undefined : false,
  );
  const uri = component('uri', [blocked], localViolation ? false : undefined);
  const salt = component('salt', csp.effectiveDirective ? [csp.effectiveDirective] : []);
  return new Map([['default', component('csp', [salt, violation, uri])]]);
}

function messageVariants(ev: GroupingEvent): Variants | undefined {
  if (ev.message === undefined && ev.formatted === undefined) return undefined;
  // The template wins over the rendered text, so parameters in `%s` positions never split issues.
  const text = normalizeMessageForGrouping(ev.message ?? ev.formatted ?? '');
  return new Map([['default', component('message', [text])]]);
}

/** Runs the chain and returns the winning strategy's variants (none when nothing contributes). */
export function runStrategies(ev: GroupingEvent): StrategyResult {
  let mainExceptionId: number | undefined;
  const candidates: Array<() => { variants: Variants; processStacktraces: boolean } | undefined> = [
    () => {
      if (ev.exceptions.length === 0) return undefined;
      const chained = chainedExceptionVariants(ev);
      mainExceptionId = chained.mainExceptionId;
      return { variants: chained.variants, processStacktraces: true };
    },
    () => wrap(threadsVariants(ev), true),
    () => wrap(ev.stacktrace ? stacktraceVariants(ev.stacktrace) : undefined, true),
    () => wrap(templateVariants(ev), false),
    () => wrap(cspVariants(ev.csp), false),
    () => wrap(messageVariants(ev), false),
  ];
  // Lower strategies could only add non-contributing components, so the first winner ends the search.
  let winner: Map<string, Component> = new Map();
  for (const candidate of candidates) {
    const produced = candidate();
    if (!produced) continue;
    const variants = dedupeAgainstPriority(produced.variants);
    if (produced.processStacktraces) removeNonStacktraceVariants(variants);
    if ([...variants.values()].some((c) => c.contributes)) {
      winner = variants;
      break;
    }
  }
  const result: StrategyResult = { variants: orderVariants(winner) };
  if (mainExceptionId !== undefined) result.mainExceptionId = mainExceptionId;
  return result;
}

function wrap(variants: Variants | undefined, processStacktraces: boolean) {
  return variants ? { variants, processStacktraces } : undefined;
}

/** App first, then system, then default (the order hashes are stored in). */
function orderVariants(variants: Map<string, Component>): Map<string, Component> {
  const rank = (name: string): number => ['app', 'system', 'default'].indexOf(name);
  return new Map([...variants].sort(([a], [b]) => rank(a) - rank(b)));
}
