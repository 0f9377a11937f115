// Checkbox selection for one list. It belongs to a `scope` (the list's query and page): when the scope
// changes, the selection is empty again without an effect having to clear it.

import { useCallback, useState } from 'react';

const EMPTY: ReadonlySet<string> = new Set();

/** The selected ids of the current scope, and stable functions to change them. */
export function useSelection(scope: string) {
  const [state, setState] = useState<{ scope: string; ids: ReadonlySet<string> }>({ scope, ids: EMPTY });
  const selected = state.scope === scope ? state.ids : EMPTY;
  const toggle = useCallback(
    (id: string) =>
      setState((prev) => {
        const ids = new Set(prev.scope === scope ? prev.ids : EMPTY);
        if (ids.has(id)) ids.delete(id);
        else ids.add(id);
        return { scope, ids };
      }),
    [scope],
  );
  const replace = useCallback((ids: Iterable<string>) => setState({ scope, ids: new Set(ids) }), [scope]);
  return { selected, toggle, replace };
}
