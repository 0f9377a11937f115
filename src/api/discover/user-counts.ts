import { fixedRule, type ThresholdRule } from '../../perf/thresholds.js';
import type { Field } from './fields.js';

/** Distinct users of a group, and its miserable users under each rule (by {@link ThresholdRule.key}). */
export interface UserCounts {
  users: number;
  miserable: Map<string, number>;
}

/**
 * The rules the fields need distinct and miserable users for: each `user_misery(T)`'s fixed T, the
 * configured thresholds for `user_misery()`, and for a lone `count_unique(user)` any one rule (every
 * query returns the same distinct users). Deduplicated by key, so each costs one storage query.
 */
export function rulesForUsers(fields: Field[], configured: ThresholdRule): ThresholdRule[] {
  const rules = new Map<string, ThresholdRule>();
  let usersWanted = false;
  for (const f of fields) {
    if (f.kind !== 'aggregate') continue;
    if (f.fn === 'user_misery') {
      const rule = f.param !== null ? fixedRule(f.param) : configured;
      rules.set(rule.key, rule);
    } else if (f.fn === 'count_unique_user') usersWanted = true;
  }
  if (usersWanted && rules.size === 0) rules.set(configured.key, configured);
  return [...rules.values()];
}

/** The user side of a roll-up source, from a group's counts (none: no users). */
export function misery(counts: UserCounts | undefined): {
  users: number;
  miserable: (rule: ThresholdRule) => number;
} {
  return { users: counts?.users ?? 0, miserable: (rule) => counts?.miserable.get(rule.key) ?? 0 };
}
