// The apdex threshold T per project (default 300 ms, Sentry's). Faultline's server has no project
// setting for it yet, so it is kept in this browser and sent as the `apdex(T)` / `user_misery(T)`
// parameter; the server computes both for whatever T a request names.

import { useReducer } from 'react';

/** Sentry's default threshold. */
export const DEFAULT_APDEX_MS = 300;

const key = (projectId: string) => `faultline.apdex.${projectId}`;

/** The threshold stored for a project, or the default. */
export function readApdexThreshold(projectId: string): number {
  try {
    const n = Number(localStorage.getItem(key(projectId)));
    return Number.isInteger(n) && n > 0 ? n : DEFAULT_APDEX_MS;
  } catch {
    // Private browsing may refuse storage: the default holds.
    return DEFAULT_APDEX_MS;
  }
}

/** Stores a project's threshold; the default (or nonsense) removes it. */
export function writeApdexThreshold(projectId: string, ms: number): void {
  try {
    if (Number.isInteger(ms) && ms > 0 && ms !== DEFAULT_APDEX_MS)
      localStorage.setItem(key(projectId), String(ms));
    else localStorage.removeItem(key(projectId));
  } catch {
    // As above: nothing to keep it in.
  }
}

/** Thresholds by project id, and a setter that re-renders the page using them. */
export function useApdexThresholds(): {
  thresholdOf: (projectId: string) => number;
  setThreshold: (projectId: string, ms: number) => void;
} {
  const [, rerender] = useReducer((n: number) => n + 1, 0);
  return {
    thresholdOf: readApdexThreshold,
    setThreshold: (projectId, ms) => {
      writeApdexThreshold(projectId, ms);
      rerender();
    },
  };
}
