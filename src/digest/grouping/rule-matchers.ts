/**
 * The frame-field half of stack trace rule matching, precompiled. A rule's matchers split into static
 * ones (path, module, function, family, … : they depend only on the frame's own fields) and category
 * ones (they depend on what earlier rules decided). The static half is the expensive part (globs) and
 * gives the same answer for every occurrence of the same frame, so it is worked out once per distinct
 * frame and cached; only the category half runs per stack trace.
 */
import { globMatch } from './glob.js';
import type { Matcher, Rule } from './stacktrace-rules.js';

/** The frame fields the static matchers read, already lowercased where Sentry lowercases them. */
export interface StaticFields {
  family: string;
  path?: string | undefined;
  absPath?: string | undefined;
  filename?: string | undefined;
  pkg?: string | undefined;
  module?: string | undefined;
  function?: string | undefined;
}

/** Bits of a rule's entry in a frame's static mask: the static matchers of each position all pass. */
export const AS_FRAME = 1;
export const AS_CALLER = 2;
export const AS_CALLEE = 4;

/** A rule with its matchers split and its actions sorted by pass. */
export interface CompiledRule {
  rule: Rule;
  frameCategory: Matcher[];
  callerCategory: Matcher[];
  calleeCategory: Matcher[];
  /** Static matchers per position; undefined for an absent caller/callee context. */
  statics: [Matcher[], Matcher[] | undefined, Matcher[] | undefined];
  modifiers: Rule['actions'];
  groupActions: Rule['actions'];
}

function staticMatch(m: Matcher, f: StaticFields): boolean {
  switch (m.key) {
    case 'family':
      return m.pattern.split(',').some((x) => x === 'all' || x === f.family);
    case 'category':
      throw new Error('category matchers are not static');
    case 'function':
    case 'module': {
      const value = f[m.key];
      return value !== undefined && (value === m.pattern || globMatch(value, m.pattern, false));
    }
    default: {
      const value =
        m.key === 'path'
          ? f.path
          : m.key === 'abs_path'
            ? f.absPath
            : m.key === 'filename'
              ? f.filename
              : f.pkg;
      if (value === undefined) return false;
      // Relative paths are also tried with a leading slash, so `**/node_modules/**` matches `node_modules/x.js`.
      return (
        globMatch(value, m.pattern, true) ||
        (!value.startsWith('/') && globMatch('/' + value, m.pattern, true))
      );
    }
  }
}

const allStatic = (ms: Matcher[], f: StaticFields): boolean =>
  ms.every((m) => staticMatch(m, f) !== m.negated);

/** The rule set with each rule split, compiled once per rule set (the built-in set is fixed). */
export function compileRules(rules: readonly Rule[]): CompiledRule[] {
  const isCat = (m: Matcher): boolean => m.key === 'category';
  const notCat = (m: Matcher): boolean => m.key !== 'category';
  return rules.map((rule) => ({
    rule,
    frameCategory: rule.frame.filter(isCat),
    callerCategory: rule.caller?.filter(isCat) ?? [],
    calleeCategory: rule.callee?.filter(isCat) ?? [],
    statics: [rule.frame.filter(notCat), rule.caller?.filter(notCat), rule.callee?.filter(notCat)],
    modifiers: rule.actions.filter((a) => a.kind !== 'group'),
    groupActions: rule.actions.filter((a) => a.kind === 'group'),
  }));
}

/** For each rule, which positions (AS_FRAME, AS_CALLER, AS_CALLEE) this frame's static fields satisfy. */
export function staticMask(rules: CompiledRule[], f: StaticFields): Uint8Array {
  const mask = new Uint8Array(rules.length);
  rules.forEach((r, i) => {
    const [frame, caller, callee] = r.statics;
    let bits = allStatic(frame, f) ? AS_FRAME : 0;
    if (caller && allStatic(caller, f)) bits |= AS_CALLER;
    if (callee && allStatic(callee, f)) bits |= AS_CALLEE;
    mask[i] = bits;
  });
  return mask;
}

/** The category half: every category matcher passes against the frame's current category. */
export function categoriesMatch(ms: Matcher[], category: string | undefined): boolean {
  for (const m of ms) {
    const hit = category !== undefined && globMatch(category, m.pattern, false);
    if (hit === m.negated) return false;
  }
  return true;
}
