// The browser tab's title, so a row of Faultline tabs can be told apart.

import { useEffect } from 'react';

/** Sets `document.title` to "<parts> · Faultline" while the page is shown. */
export function useTitle(...parts: Array<string | null | undefined>): void {
  const title = [...parts.filter(Boolean), 'Faultline'].join(' · ');
  useEffect(() => {
    document.title = title;
  }, [title]);
}
