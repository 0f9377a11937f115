// Marks rows that arrived in a poll (not those of the first load), so a new issue catches the eye.

import { useEffect, useRef, useState } from 'react';

/** Ids present now but not in the previous answer for the same list `scope`. */
export function useFreshIds(ids: string[] | undefined, scope: string): Set<string> {
  const seen = useRef<{ scope: string; ids: Set<string> } | null>(null);
  const [fresh, setFresh] = useState<Set<string>>(() => new Set());
  const key = ids?.join(',') ?? '';
  useEffect(() => {
    if (!ids) return;
    const before = seen.current;
    const now = new Set(ids);
    seen.current = { scope, ids: now };
    if (!before || before.scope !== scope) {
      setFresh(new Set());
      return;
    }
    const added = ids.filter((id) => !before.ids.has(id));
    if (added.length > 0) setFresh(new Set(added));
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `key` stands for `ids`' content.
  }, [key, scope]);
  return fresh;
}
