import { useState } from 'react';
import type { DecisionEvidence, SeenMetric } from '#shared/timeline';
import { evidenceSummary, pastMetricText, sampleAge, seenValue, UTC, zonedClock } from './entry-format';

const STATUS_LABEL: Record<SeenMetric['status'], string> = { ok: 'OK', warn: 'WARN', crit: 'CRIT', unknown: '?' };

/**
 * "What the room saw": the metrics on screen when the decision was logged, each with how old
 * its number was, and for a backdated decision the values at the time it was taken. One line
 * until opened; the list is rendered only while open.
 */
export function EntryEvidence({ evidence, occurredAt, timeZone }: { evidence: DecisionEvidence; occurredAt: string; timeZone: string }) {
  const [open, setOpen] = useState(false);
  return (
    <details className="evidence" open={open} onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>
        What the room saw at {zonedClock(evidence.capturedAt, UTC)}: {evidenceSummary(evidence)}
      </summary>
      {open && <EvidenceDetail evidence={evidence} occurredAt={occurredAt} timeZone={timeZone} />}
    </details>
  );
}

function EvidenceDetail({ evidence, occurredAt, timeZone }: { evidence: DecisionEvidence; occurredAt: string; timeZone: string }) {
  const { metrics, atOccurred, capturedAt } = evidence;
  return (
    <div className="evidence__detail">
      {metrics.length > 0 && (
        <ul className="evidence__list">
          {metrics.map((m) => (
            <li key={m.id} className={m.stale ? 'evidence__metric evidence__metric--stale' : 'evidence__metric'}>
              <span className={`evidence__status evidence__status--${m.status}`}>{STATUS_LABEL[m.status]}</span> {m.label}{' '}
              <strong className="evidence__value">{seenValue(m)}</strong> <span className="evidence__age">{sampleAge(m, capturedAt)}</span>
            </li>
          ))}
        </ul>
      )}
      {atOccurred && (
        <div className="evidence__past">
          <p className="evidence__past-head">At {zonedClock(occurredAt, timeZone)} (occurred):</p>
          {atOccurred.length === 0 ? (
            <p className="evidence__none">No metric's history reaches back that far.</p>
          ) : (
            <ul className="evidence__list">
              {atOccurred.map((p) => (
                <li key={p.id}>{pastMetricText(p, timeZone)}</li>
              ))}
            </ul>
          )}
        </div>
      )}
      <p className="evidence__note">
        Frozen with the decision at {zonedClock(capturedAt, UTC)} (room seq {evidence.seq}); ages are as of then.
      </p>
    </div>
  );
}
