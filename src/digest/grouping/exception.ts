/**
 * The exception strategies (Sentry's `single-exception:v1` and `chained-exception:v1`, score 2000),
 * including the exception-group filtering of RFC 79.
 */
import type { Component, Variants } from './component.js';
import { component, update } from './component.js';
import { normalizeMessageForGrouping } from './normalize-message.js';
import { stacktraceVariants } from './stacktrace.js';
import type { GroupingEvent, GroupingException } from './types.js';

/**
 * One exception: stack trace, type (not for synthetic exceptions), value (only when the stack trace
 * does not contribute). `newstyle:2023-01-11` keeps this legacy order of the three, and the order
 * changes the hash.
 */
export function singleExceptionVariants(exception: GroupingException): Variants {
  const type = component('type', exception.type ? [exception.type] : []);
  if (exception.mechanism?.synthetic) {
    // Synthetic exceptions are SDK-made shells around a stack trace; their type means nothing.
    update(type, { contributes: false, hint: 'ignored because exception is synthetic' });
  }
  const stacktraces: Variants = exception.stacktrace
    ? stacktraceVariants(exception.stacktrace)
    : new Map([['!app', component('stacktrace')]]);
  const out: Variants = new Map();
  for (const [variant, stacktrace] of stacktraces) {
    const value = component('value');
    if (exception.value !== undefined) {
      const normalized = normalizeMessageForGrouping(exception.value);
      if (normalized) update(value, { values: [normalized] });
    }
    if (stacktrace.contributes && value.contributes) {
      update(value, { contributes: false, hint: 'ignored because stacktrace takes precedence' });
    }
    out.set(variant, component('exception', [stacktrace, type, value]));
  }
  return out;
}

/** Result of the chained-exception strategy. */
export interface ChainedResult {
  variants: Variants;
  /** `mechanism.exception_id` of the exception that should title the issue, when grouping picks one. */
  mainExceptionId?: number;
}

/** All exceptions in payload order (cause first), after exception-group filtering. */
export function chainedExceptionVariants(event: GroupingEvent): ChainedResult {
  const all = event.exceptions;
  const byException = new Map(all.map((e) => [e, singleExceptionVariants(e)]));
  const filtered = filterExceptionGroups(event, all, byException);
  const exceptions = filtered.exceptions;
  const result: ChainedResult = { variants: new Map() };
  if (filtered.mainExceptionId !== undefined) result.mainExceptionId = filtered.mainExceptionId;
  if (exceptions.length === 1) {
    result.variants = byException.get(exceptions[0]!)!;
    return result;
  }
  const reactCause = reactErrorWithCause(exceptions);
  if (reactCause !== undefined) result.mainExceptionId = reactCause;
  // Variants are collected per name: an exception without a stack trace only has `!app`, so it is
  // absent from the system chain (Sentry behaves the same way).
  const lists = new Map<string, Component[]>();
  for (const exception of exceptions) {
    for (const [variant, c] of byException.get(exception)!) {
      if (!lists.has(variant)) lists.set(variant, []);
      lists.get(variant)!.push(c);
    }
  }
  for (const [variant, comps] of lists) result.variants.set(variant, component('chained_exception', comps));
  return result;
}

const REACT_ERRORS_WITH_CAUSE = [
  'There was an error during concurrent rendering but React was able to recover by instead synchronously rendering the entire root.',
  'There was an error while hydrating but React was able to recover by instead client rendering from the nearest Suspense boundary.',
];

/** React 19 wraps the real error; Sentry titles such issues by the cause. */
function reactErrorWithCause(exceptions: GroupingException[]): number | undefined {
  const first = exceptions[0];
  const last = exceptions[exceptions.length - 1];
  if (
    first?.type === 'Error' &&
    REACT_ERRORS_WITH_CAUSE.includes(first.value ?? '') &&
    last?.mechanism?.source === 'cause'
  ) {
    return last.mechanism.exceptionId;
  }
  return undefined;
}

interface Node {
  exception?: GroupingException;
  children: GroupingException[];
}

/**
 * RFC 79 exception groups: when the mechanisms describe a tree (`exception_id`/`parent_id`), group by
 * the distinct "top-level" leaf exceptions instead of the whole list. A broken tree leaves the list as is.
 */
function filterExceptionGroups(
  event: GroupingEvent,
  exceptions: GroupingException[],
  components: Map<GroupingException, Variants>,
): { exceptions: GroupingException[]; mainExceptionId?: number } {
  const unchanged = { exceptions };
  if (exceptions.length <= 1) return unchanged;
  // Sentry's stopgap: Python SDK 3.x changed how groups are reported; the filter is skipped for it.
  if (event.platform === 'python' && (event.sdkVersion ?? '').startsWith('3')) return unchanged;
  const tree = new Map<number, Node>();
  const seen = new Set<number>();
  for (const exception of [...exceptions].reverse()) {
    const m = exception.mechanism;
    if (!m || m.exceptionId === undefined || m.exceptionId === m.parentId || seen.has(m.exceptionId))
      return unchanged;
    seen.add(m.exceptionId);
    const node = tree.get(m.exceptionId) ?? { children: [] };
    node.exception = exception;
    tree.set(m.exceptionId, node);
    if (m.parentId !== undefined) {
      const parent = tree.get(m.parentId) ?? { children: [] };
      parent.children.push(exception);
      tree.set(m.parentId, parent);
    }
  }
  const childrenOf = (e: GroupingException): GroupingException[] =>
    tree.get(e.mechanism!.exceptionId!)?.children ?? [];
  const root = tree.get(0)?.exception;
  if (!root) return unchanged;
  const topLevel: GroupingException[] = [];
  const visiting = new Set<GroupingException>();
  const collect = (e: GroupingException): void => {
    if (visiting.has(e)) return; // a cycle in hostile data must not loop forever
    visiting.add(e);
    if (e.mechanism?.isExceptionGroup) childrenOf(e).forEach(collect);
    else topLevel.push(e);
  };
  collect(root);
  if (topLevel.length === 0) return unchanged;
  // Python's sort is stable; sort by type, descending, like Sentry.
  topLevel.sort((a, b) => (String(a.type) < String(b.type) ? 1 : String(a.type) > String(b.type) ? -1 : 0));
  // Sentry keys these by the repr of the component trees; a JSON rendering is the same identity.
  const keyOf = (e: GroupingException): string => JSON.stringify([...components.get(e)!.values()]);
  const distinct: GroupingException[] = [];
  let previousKey: string | undefined;
  for (const e of topLevel) {
    const key = keyOf(e);
    if (key !== previousKey) distinct.push(e);
    previousKey = key;
  }
  if (distinct.length === 1) {
    const main = distinct[0]!;
    const path: GroupingException[] = [];
    for (let e: GroupingException | undefined = main; e && !path.includes(e); e = childrenOf(e)[0])
      path.push(e);
    const out: { exceptions: GroupingException[]; mainExceptionId?: number } = { exceptions: path };
    if (main.mechanism?.exceptionId !== undefined) out.mainExceptionId = main.mechanism.exceptionId;
    return out;
  }
  return { exceptions: [...distinct, root] };
}
