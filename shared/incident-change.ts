/**
 * The status and severity changes the server records as entries ("Status changed from
 * investigating to identified"), read back so a change can be undone from its own row.
 */
import { IncidentStatus, Severity, type Incident } from './incident';

export type RecordedChange = { field: 'status'; from: IncidentStatus; to: IncidentStatus } | { field: 'severity'; from: Severity; to: Severity };

const PATTERN = /^(Status|Severity) changed from (\S+) to (\S+)$/;

/** The change a `status` entry records, or null for any other entry. */
export function recordedChange(entry: { kind: string; text: string }): RecordedChange | null {
  if (entry.kind !== 'status') return null;
  const m = PATTERN.exec(entry.text);
  if (!m) return null;
  const schema = m[1] === 'Status' ? IncidentStatus : Severity;
  const from = schema.safeParse(m[2]);
  const to = schema.safeParse(m[3]);
  if (!from.success || !to.success) return null;
  return { field: m[1] === 'Status' ? 'status' : 'severity', from: from.data, to: to.data } as RecordedChange;
}

/** Whether undoing it still means something: the incident is still where that change put it. */
export const canUndo = (change: RecordedChange, incident: Pick<Incident, 'status' | 'severity'>): boolean => incident[change.field] === change.to;
