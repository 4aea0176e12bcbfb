/**
 * A person's own time zone, for a third clock on every timeline row: chosen once, kept in this
 * browser, and off (null) until chosen. Every row reads the same tiny store, so a change
 * redraws only the rows on screen; other tabs follow through the `storage` event.
 */
import { useId, useSyncExternalStore } from 'react';

const KEY = 'warroom:personal-zone';

function storage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null; // storage disabled: the choice lasts as long as the page
  }
}

function isZone(zone: string): boolean {
  try {
    return new Intl.DateTimeFormat('en-GB', { timeZone: zone }).resolvedOptions().timeZone !== '';
  } catch {
    return false;
  }
}

function read(): string | null {
  const stored = storage()?.getItem(KEY) ?? null;
  return stored && isZone(stored) ? stored : null;
}

let zone: string | null = read();
const listeners = new Set<() => void>();
const emit = () => {
  for (const l of listeners) l();
};

function onStorage(e: StorageEvent) {
  if (e.key !== KEY && e.key !== null) return;
  zone = read();
  emit();
}

function subscribe(listener: () => void): () => void {
  if (listeners.size === 0) window.addEventListener('storage', onStorage);
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0) window.removeEventListener('storage', onStorage);
  };
}

/** Sets (or, with null, turns off) the personal zone, for every row and every tab. */
export function setPersonalZone(next: string | null): void {
  zone = next && isZone(next) ? next : null;
  try {
    if (zone) storage()?.setItem(KEY, zone);
    else storage()?.removeItem(KEY);
  } catch {
    // full or disabled storage: the choice still holds for this page
  }
  emit();
}

/** The personal zone (an IANA name), or null when the person chose none. */
export function usePersonalZone(): string | null {
  return useSyncExternalStore(subscribe, () => zone, () => null);
}

let zones: string[] | null = null;
function allZones(): string[] {
  zones ??= typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  return zones;
}
let browserZone: string | null = null;
const thisComputersZone = (): string => (browserZone ??= new Intl.DateTimeFormat().resolvedOptions().timeZone);

/**
 * A select for the personal zone: off, or any zone the browser knows (its own marked). Says
 * so when the choice is the incident's own zone, which rows then do not show twice.
 */
export function PersonalZonePicker({ incidentTimeZone }: { incidentTimeZone?: string }) {
  const current = usePersonalZone();
  const hintId = useId();
  const here = thisComputersZone();
  const options = allZones();
  const same = current !== null && thirdZone(current, incidentTimeZone ?? '') === null;
  return (
    <span className="zone-picker">
      <label>
        Your zone{' '}
        <select value={current ?? ''} onChange={(e) => setPersonalZone(e.target.value || null)} aria-describedby={same ? hintId : undefined}>
          <option value="">Off (UTC and incident zone only)</option>
          {current && !options.includes(current) && <option value={current}>{current}</option>}
          {options.map((z) => (
            <option key={z} value={z}>
              {z === here ? `${z} (this computer)` : z}
            </option>
          ))}
        </select>
      </label>
      {same && (
        <span id={hintId} className="zone-picker__hint">
          {' '}
          same as a zone already shown: no third time
        </span>
      )}
    </span>
  );
}

/** The zone a row shows as its third time: the personal one, unless it repeats UTC or the incident's. */
export function thirdZone(personal: string | null, incidentTimeZone: string): string | null {
  return personal === null || personal === incidentTimeZone || personal === 'UTC' || personal === 'Etc/UTC' ? null : personal;
}
