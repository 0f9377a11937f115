/**
 * Grouping components: the tree of values an event is grouped by, mirroring Sentry's
 * `BaseGroupingComponent`. The hash is the MD5 of the contributing leaf values in tree order.
 *
 * Quirk kept on purpose: `contributes` is stored, not derived. A parent computes it from its children
 * when built; turning a child off afterwards does not update the parent. Sentry's frame strategy relies
 * on this (a JS frame whose only value was an ignored `?` function still "contributes" with no values),
 * and reproducing it is what keeps our hashes equal to Sentry's.
 */
import { createHash } from 'node:crypto';

/** One node of a grouping tree. Leaves are plain strings. */
export interface Component {
  id: string;
  values: Array<string | Component>;
  contributes: boolean;
  hint?: string;
}

/** Builds a component; `contributes` defaults to "has a string value or a contributing child". */
export function component(
  id: string,
  values: Array<string | Component> = [],
  contributes?: boolean,
): Component {
  return { id, values, contributes: contributes ?? calculateContributes(values) };
}

function calculateContributes(values: Array<string | Component>): boolean {
  return values.some((v) => typeof v === 'string' || v.contributes);
}

/** Sentry's `update()`: new values recompute `contributes` unless it is given explicitly. */
export function update(
  c: Component,
  changes: { values?: Array<string | Component>; contributes?: boolean; hint?: string },
): void {
  if (changes.hint !== undefined) c.hint = changes.hint;
  let contributes = changes.contributes;
  if (changes.values !== undefined) {
    contributes ??= calculateContributes(changes.values);
    c.values = changes.values;
  }
  if (contributes !== undefined) c.contributes = contributes;
}

/** The contributing leaf values, depth first (Sentry's `iter_values`). */
export function flatten(c: Component): string[] {
  const out: string[] = [];
  const walk = (node: Component): void => {
    if (!node.contributes) return;
    for (const value of node.values) {
      if (typeof value === 'string') out.push(value);
      else walk(value);
    }
  };
  walk(c);
  return out;
}

/** Lowercase hex MD5 over the UTF-8 concatenation of the values (Sentry's `hash_from_values`). */
export function hashValues(values: string[]): string {
  const md5 = createHash('md5');
  for (const value of values) md5.update(value, 'utf8');
  return md5.digest('hex');
}

/** The component's hash, or null when it does not contribute. */
export function componentHash(c: Component): string | null {
  return c.contributes ? hashValues(flatten(c)) : null;
}

/**
 * True when a contributing `stacktrace` component is reachable through contributing children (Sentry's
 * `iter_subcomponents(id="stacktrace", recursive=True, only_contributing=True)`; the root's own flag is
 * not checked, only its descendants').
 */
export function hasContributingStacktrace(c: Component): boolean {
  for (const value of c.values) {
    if (typeof value === 'string' || !value.contributes) continue;
    if (value.id === 'stacktrace' || hasContributingStacktrace(value)) return true;
  }
  return false;
}

/** Components keyed by variant name; a `!` prefix marks the priority variant (Sentry's `!app`). */
export type Variants = Map<string, Component>;
