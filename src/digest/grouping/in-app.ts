/**
 * In-app marking and grouping exclusion (Sentry's stack trace rules, "enhancers"). Runs in two passes
 * like Sentry: first categories and in-app flags rule by rule (later rules win), then the `-group`
 * rules against the final categories. Frames still without an in-app verdict count as not in-app.
 */
import { globMatch } from './glob.js';
import type { Action, Matcher, Rule } from './stacktrace-rules.js';
import { BUILTIN_RULES } from './stacktrace-rules.js';

/** The frame fields stack trace rules can test. */
export interface RuleFrame {
  platform: string;
  absPath?: string;
  filename?: string;
  function?: string;
  module?: string;
  package?: string;
  /** The SDK's verdict, if it gave one. */
  inApp?: boolean;
}

/** The outcome per frame. */
export interface RuleVerdict {
  inApp: boolean;
  /** A `-group` rule excluded the frame from grouping. */
  ignored: boolean;
}

const NATIVE = new Set(['objc', 'cocoa', 'swift', 'native', 'c']);
const JAVASCRIPT = new Set(['javascript', 'node']);

/** Sentry's "behaviour family" of a platform: `native`, `javascript` or `other`. */
export function familyOf(platform: string | undefined): 'native' | 'javascript' | 'other' {
  if (platform && NATIVE.has(platform)) return 'native';
  if (platform && JAVASCRIPT.has(platform)) return 'javascript';
  return 'other';
}

interface MatchState {
  frame: RuleFrame;
  family: string;
  path?: string;
  absPath?: string;
  filename?: string;
  pkg?: string;
  category?: string;
  inApp?: boolean;
  ignored: boolean;
}

const lowerPath = (v: string | undefined): string | undefined => v?.replace(/\\/g, '/').toLowerCase();

function fieldMatches(m: Matcher, s: MatchState): boolean {
  switch (m.key) {
    case 'family':
      return m.pattern.split(',').some((f) => f === 'all' || f === s.family);
    case 'category':
      return s.category !== undefined && globMatch(s.category, m.pattern, false);
    case 'function':
    case 'module': {
      const value = s.frame[m.key];
      return value !== undefined && (value === m.pattern || globMatch(value, m.pattern, false));
    }
    default: {
      const value =
        m.key === 'path'
          ? s.path
          : m.key === 'abs_path'
            ? s.absPath
            : m.key === 'filename'
              ? s.filename
              : s.pkg;
      if (value === undefined) return false;
      // Relative paths are also tried with a leading slash, so `**/node_modules/**` matches `node_modules/x.js`.
      return (
        globMatch(value, m.pattern, true) ||
        (!value.startsWith('/') && globMatch('/' + value, m.pattern, true))
      );
    }
  }
}

function allMatch(matchers: Matcher[], s: MatchState | undefined): boolean {
  if (!s) return false;
  return matchers.every((m) => fieldMatches(m, s) !== m.negated);
}

function ruleMatches(rule: Rule, states: MatchState[], i: number): boolean {
  if (!allMatch(rule.frame, states[i])) return false;
  if (rule.caller && !allMatch(rule.caller, states[i - 1])) return false;
  if (rule.callee && !allMatch(rule.callee, states[i + 1])) return false;
  return true;
}

function rangeOf(action: Action & { range: string }, i: number, n: number): number[] {
  if (action.range === 'self') return [i];
  if (action.range === 'up') return Array.from({ length: n - i - 1 }, (_, k) => i + 1 + k);
  return Array.from({ length: i }, (_, k) => k);
}

/**
 * Applies the built-in rules to one stack trace (frames caller → callee). "Up" (`^`) means towards the
 * crash, i.e. later frames; "down" (`v`) means towards the entry point.
 */
export function applyStacktraceRules(
  frames: RuleFrame[],
  rules: readonly Rule[] = BUILTIN_RULES,
): RuleVerdict[] {
  const states: MatchState[] = frames.map((frame) => {
    const state: MatchState = { frame, family: familyOf(frame.platform), ignored: false };
    const path = lowerPath(frame.absPath ?? frame.filename);
    if (path !== undefined) state.path = path;
    const absPath = lowerPath(frame.absPath);
    if (absPath !== undefined) state.absPath = absPath;
    const filename = lowerPath(frame.filename);
    if (filename !== undefined) state.filename = filename;
    const pkg = lowerPath(frame.package);
    if (pkg !== undefined) state.pkg = pkg;
    if (frame.inApp !== undefined) state.inApp = frame.inApp;
    return state;
  });
  // Pass 1: categories and in-app, each rule evaluated on the state before its own changes.
  for (const rule of rules) {
    const modifiers = rule.actions.filter((a) => a.kind !== 'group');
    if (modifiers.length === 0) continue;
    const hits = states.map((_, i) => ruleMatches(rule, states, i));
    hits.forEach((hit, i) => {
      if (!hit) return;
      for (const action of modifiers) {
        if (action.kind === 'category') states[i]!.category = action.value;
        else for (const j of rangeOf(action, i, states.length)) states[j]!.inApp = action.value;
      }
    });
  }
  // Pass 2: grouping exclusions, against final categories (Sentry applies these when assembling).
  for (const rule of rules) {
    const groupActions = rule.actions.filter((a) => a.kind === 'group');
    if (groupActions.length === 0) continue;
    const hits = states.map((_, i) => ruleMatches(rule, states, i));
    hits.forEach((hit, i) => {
      if (!hit) return;
      for (const action of groupActions) {
        if (action.kind === 'category') continue;
        for (const j of rangeOf(action, i, states.length)) states[j]!.ignored = !action.value;
      }
    });
  }
  return states.map((s) => ({ inApp: s.inApp ?? false, ignored: s.ignored }));
}

/**
 * Strips the query string from JavaScript filenames (`app.js?v=123` → `app.js`), which Sentry does for
 * `javascript` events only, so cache-busting parameters do not split issues.
 */
export function stripQueryString(filename: string): string {
  const q = filename.indexOf('?');
  if (q < 0) return filename;
  const hash = filename.indexOf('#', q);
  return filename.slice(0, q) + (hash >= 0 ? filename.slice(hash) : '');
}
