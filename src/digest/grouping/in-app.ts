/**
 * In-app marking and grouping exclusion (Sentry's stack trace rules, "enhancers"). Runs in two passes
 * like Sentry: first categories and in-app flags rule by rule (later rules win), then the `-group`
 * rules against the final categories. Frames still without an in-app verdict count as not in-app.
 */
import type { Action, Rule } from './stacktrace-rules.js';
import { BUILTIN_RULES } from './stacktrace-rules.js';
import type { CompiledRule } from './rule-matchers.js';
import {
  AS_CALLEE,
  AS_CALLER,
  AS_FRAME,
  categoriesMatch,
  compileRules,
  staticMask,
} from './rule-matchers.js';

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

/** The outcome per frame. Shared between stacks with the same verdict, so read-only. */
export interface RuleVerdict {
  readonly inApp: boolean;
  /** A `-group` rule excluded the frame from grouping. */
  readonly ignored: boolean;
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
  mask: Uint8Array;
  category?: string;
  inApp?: boolean;
  ignored: boolean;
}

const lowerPath = (v: string | undefined): string | undefined => v?.replace(/\\/g, '/').toLowerCase();

/** A frame's static match mask, with a number naming it within its rule set's cache. */
interface CachedMask {
  id: number;
  mask: Uint8Array;
}

interface RuleSetCache {
  compiled: CompiledRule[];
  masks: Map<string, CachedMask>;
  nextMaskId: number;
  /**
   * Verdicts per whole stack, keyed by its frames' mask ids and SDK in-app flags: the verdict depends on
   * nothing else, and an application's errors come from the same few stacks again and again.
   */
  stacks: Map<string, RuleVerdict[]>;
}

const ruleSets = new WeakMap<readonly Rule[], RuleSetCache>();
/** Distinct frames remembered per rule set; real apps have far fewer, hostile input cannot grow memory. */
const MAX_CACHED_FRAMES = 4096;

function ruleSet(rules: readonly Rule[]): RuleSetCache {
  let set = ruleSets.get(rules);
  if (!set) {
    set = { compiled: compileRules(rules), masks: new Map(), nextMaskId: 0, stacks: new Map() };
    ruleSets.set(rules, set);
  }
  return set;
}

// Length-prefixed, so no crafted field value can make two different frames share a cache entry.
const part = (v: string | undefined): string => (v === undefined ? '-' : `${v.length}:${v}`);

function maskOf(set: RuleSetCache, frame: RuleFrame): CachedMask {
  const family = familyOf(frame.platform);
  const key =
    family +
    part(frame.absPath) +
    part(frame.filename) +
    part(frame.package) +
    part(frame.module) +
    part(frame.function);
  let cached = set.masks.get(key);
  if (!cached) {
    const mask = staticMask(set.compiled, {
      family,
      path: lowerPath(frame.absPath ?? frame.filename),
      absPath: lowerPath(frame.absPath),
      filename: lowerPath(frame.filename),
      pkg: lowerPath(frame.package),
      module: frame.module,
      function: frame.function,
    });
    if (set.masks.size >= MAX_CACHED_FRAMES) {
      // Stack keys name masks by id, so they go with them.
      set.masks.clear();
      set.stacks.clear();
    }
    cached = { id: set.nextMaskId++, mask };
    set.masks.set(key, cached);
  }
  return cached;
}

function ruleMatches(r: CompiledRule, index: number, states: MatchState[], i: number): boolean {
  const s = states[i]!;
  if (!(s.mask[index]! & AS_FRAME) || !categoriesMatch(r.frameCategory, s.category)) return false;
  if (r.statics[1]) {
    const caller = states[i - 1];
    if (!caller || !(caller.mask[index]! & AS_CALLER) || !categoriesMatch(r.callerCategory, caller.category))
      return false;
  }
  if (r.statics[2]) {
    const callee = states[i + 1];
    if (!callee || !(callee.mask[index]! & AS_CALLEE) || !categoriesMatch(r.calleeCategory, callee.category))
      return false;
  }
  return true;
}

function applyRange(
  action: Action & { range: string },
  i: number,
  n: number,
  set: (j: number) => void,
): void {
  if (action.range === 'self') set(i);
  else if (action.range === 'up') for (let j = i + 1; j < n; j++) set(j);
  else for (let j = 0; j < i; j++) set(j);
}

/** The frames a rule matches, all worked out before any of its actions apply. */
function hitsOf(r: CompiledRule, index: number, states: MatchState[]): number[] {
  const hits: number[] = [];
  for (let i = 0; i < states.length; i++) if (ruleMatches(r, index, states, i)) hits.push(i);
  return hits;
}

/**
 * Applies the built-in rules to one stack trace (frames caller → callee). "Up" (`^`) means towards the
 * crash, i.e. later frames; "down" (`v`) means towards the entry point.
 */
export function applyStacktraceRules(
  frames: RuleFrame[],
  rules: readonly Rule[] = BUILTIN_RULES,
): readonly RuleVerdict[] {
  const set = ruleSet(rules);
  const masks = frames.map((frame) => maskOf(set, frame));
  let stackKey = '';
  frames.forEach((frame, i) => {
    stackKey += `${masks[i]!.id}${frame.inApp === undefined ? '' : frame.inApp ? 'y' : 'n'},`;
  });
  const known = set.stacks.get(stackKey);
  if (known) return known;
  const verdicts = evaluate(set, frames, masks);
  if (set.stacks.size >= MAX_CACHED_FRAMES) set.stacks.clear();
  set.stacks.set(stackKey, verdicts);
  return verdicts;
}

/** Runs the rules over one stack whose verdict is not cached. */
function evaluate(set: RuleSetCache, frames: RuleFrame[], masks: CachedMask[]): RuleVerdict[] {
  const states: MatchState[] = frames.map((frame, i) => {
    const state: MatchState = { mask: masks[i]!.mask, ignored: false };
    if (frame.inApp !== undefined) state.inApp = frame.inApp;
    return state;
  });
  const n = states.length;
  // Pass 1: categories and in-app, each rule evaluated on the state before its own changes.
  set.compiled.forEach((r, index) => {
    if (r.modifiers.length === 0) return;
    for (const i of hitsOf(r, index, states)) {
      for (const action of r.modifiers) {
        if (action.kind === 'category') states[i]!.category = action.value;
        else applyRange(action, i, n, (j) => (states[j]!.inApp = action.value));
      }
    }
  });
  // Pass 2: grouping exclusions, against final categories (Sentry applies these when assembling).
  set.compiled.forEach((r, index) => {
    if (r.groupActions.length === 0) return;
    for (const i of hitsOf(r, index, states)) {
      for (const action of r.groupActions) {
        if (action.kind === 'category') continue;
        applyRange(action, i, n, (j) => (states[j]!.ignored = !action.value));
      }
    }
  });
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
