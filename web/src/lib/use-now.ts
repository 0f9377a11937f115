// A clock that ticks slowly, so relative times ("3 minutes ago") stay true on a page left open.

import { useEffect, useState } from 'react';

/** The current time in ms, updated every `intervalMs`. */
export function useNow(intervalMs = 30_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}
