/**
 * "6 h 35 min", "6 min 35 s", "35 s", "2.4 s", "120 ms": a length of time at a glance,
 * precise to the unit a person would care about (no seconds once it is hours).
 */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  // Tenths only where they matter; "10.0 s" reads as "10 s".
  if (ms < 9950) return `${Number((ms / 1000).toFixed(1))} s`;
  // Rounded in the unit shown, so 59 min 59.6 s reads "1 h", not "59 min 60 s".
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  if (s < 3600) {
    const rest = s % 60;
    return rest === 0 ? `${Math.floor(s / 60)} min` : `${Math.floor(s / 60)} min ${rest} s`;
  }
  const minutes = Math.round(ms / 60_000);
  const rest = minutes % 60;
  return rest === 0 ? `${Math.floor(minutes / 60)} h` : `${Math.floor(minutes / 60)} h ${rest} min`;
}
