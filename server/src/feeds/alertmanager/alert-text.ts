/** The timeline texts of alert transitions: one line each, or one summary for a storm. */
import type { AlertTransition } from './alert';
import { alertnameOf, instanceOf, severityOf, summaryOf } from './alert-labels';

/** "FIRING NodeDown (critical) on hv-12: Node hv-12 is down", "RESOLVED … after 12 min: …". */
export function transitionText(t: AlertTransition): string {
  const severity = severityOf(t.labels);
  const instance = instanceOf(t.labels);
  const summary = summaryOf(t.annotations);
  let text = `${t.kind === 'firing' ? 'FIRING' : 'RESOLVED'} ${alertnameOf(t.labels)}`;
  if (severity) text += ` (${severity})`;
  if (instance) text += ` on ${instance}`;
  if (t.kind === 'resolved' && t.startsAt !== null && t.endsAt !== null && t.endsAt >= t.startsAt) {
    text += ` after ${spanText(t.endsAt - t.startsAt)}`;
  }
  if (summary) text += `: ${summary}`;
  // Learned from Alertmanager's list, not a notification: say so, since the time is Warroom's.
  if (t.via === 'reconcile') text += t.kind === 'firing' ? ' (already firing in Alertmanager)' : ' (gone from Alertmanager)';
  return text;
}

/** Counts per alertname of one kind of transition in a storm. */
export type Tally = { count: number; byName: Map<string, number> };

/** "+240 alerts in 1 min; top: NodeDown ×180, CephOSDDown ×40, …" or "−180 alerts resolved …". */
export function summaryText(kind: AlertTransition['kind'], tally: Tally, spanMs: number, top: number, when?: string): string {
  const names = [...tally.byName].toSorted((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const listed = names.slice(0, top).map(([name, n]) => `${name} ×${n}`);
  if (names.length > top) listed.push('…');
  const what = kind === 'firing' ? `+${tally.count} alerts` : `−${tally.count} alerts resolved`;
  // Under a second still reads "in 1 s": "at once" only for one batch.
  const span = when ?? (spanMs === 0 ? 'at once' : `in ${spanText(Math.max(spanMs, 1000))}`);
  return `${what} ${span}; top: ${listed.join(', ')}`;
}

/** 45 s, 12 min, 3 h 5 min, 2 d 4 h. */
export function spanText(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  const min = Math.round(s / 60);
  if (min < 60) return `${min} min`;
  const h = Math.floor(min / 60);
  if (h < 48) return min % 60 ? `${h} h ${min % 60} min` : `${h} h`;
  const d = Math.floor(h / 24);
  return h % 24 ? `${d} d ${h % 24} h` : `${d} d`;
}
