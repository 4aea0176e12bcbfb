/** Clock times in a given zone, 24-hour, with the zone's short name (CET, UTC…). */
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string, withDate: boolean): Intl.DateTimeFormat {
  const key = `${timeZone}|${withDate}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
      timeZoneName: 'short',
      ...(withDate ? { year: 'numeric', month: '2-digit', day: '2-digit' } : {}),
    });
    formatters.set(key, f);
  }
  return f;
}

export function clockTime(at: string | number, timeZone: string): string {
  return formatter(timeZone, false).format(new Date(at));
}

export function dateTime(at: string | number, timeZone: string): string {
  return formatter(timeZone, true).format(new Date(at));
}

/** "4 s", "12 min", "2 h 05 min": how old a number is, at a glance. */
export function age(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min`;
  return `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')} min`;
}
