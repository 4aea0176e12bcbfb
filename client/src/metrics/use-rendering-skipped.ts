import { type RefObject, useLayoutEffect, useState } from 'react';

/**
 * Whether the browser skips rendering an element with `content-visibility: auto` (scrolled
 * out of view): it says so with `contentvisibilityautostatechange`, made for pausing work
 * nobody would see. False until the browser first decides, and where it never tells.
 */
export function useRenderingSkipped(ref: RefObject<HTMLElement | null>): boolean {
  const [skipped, setSkipped] = useState(false);
  // Before the first paint: the browser tells its first decision at the next rendering update.
  useLayoutEffect(() => {
    const element = ref.current;
    if (!element) return;
    const onChange = (event: Event) => setSkipped((event as ContentVisibilityAutoStateChangeEvent).skipped);
    element.addEventListener('contentvisibilityautostatechange', onChange);
    return () => element.removeEventListener('contentvisibilityautostatechange', onChange);
  }, [ref]);
  return skipped;
}
