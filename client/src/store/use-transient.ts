import { type DependencyList, useLayoutEffect } from 'react';
import { currentNow, subscribeToNow } from '../lib/use-now';
import { type AppState, useStore } from './store';

/**
 * Writes what `read` returns into the DOM now and whenever it changes, without rendering
 * (zustand's "transient updates"). For what changes many times a second — a tile's
 * number, its age — where a render through React costs more than the change itself.
 * `read` gets the shared 1 s clock too, and runs on its tick as well as on store changes.
 */
export function useTransient<T>(read: (state: AppState, now: number) => T, write: (value: T) => void, deps: DependencyList): void {
  useLayoutEffect(() => {
    let last = read(useStore.getState(), currentNow());
    write(last);
    const update = () => {
      const next = read(useStore.getState(), currentNow());
      if (!Object.is(next, last)) write((last = next));
    };
    return subscribeToStoreAndClock(update);
    // The caller names what read and write depend on, as with useEffect.
    // oxlint-disable-next-line react-hooks/exhaustive-deps
  }, deps);
}

/** Calls `listener` on every store change and every tick of the shared 1 s clock. */
export function subscribeToStoreAndClock(listener: () => void): () => void {
  const offStore = useStore.subscribe(listener);
  const offNow = subscribeToNow(listener);
  return () => {
    offStore();
    offNow();
  };
}

/** Sets an element's text only if it differs: an equal write still costs a layout. */
export function setText(element: Element | null, text: string): void {
  if (element && element.textContent !== text) element.textContent = text;
}
