import { age } from '../lib/time';
import { zonedClock } from '../timeline/entry-format';
import { useServerNow } from '../store/use-server-now';
import { useCadence } from './use-comms-health';

/** Minutes are what a person plans by; "due 15:32:17" would be false precision. */
const toMinute = (ms: number) => Math.floor(ms / 60_000) * 60_000;

/** When customers must hear from us next, in the incident's zone; said in words when overdue. */
export function CadenceLine({ timeZone }: { timeZone: string }) {
  const now = useServerNow();
  const cadence = useCadence(now);
  if (cadence === null) return null;
  if (cadence.dueAt === null) {
    return (
      <p className="cadence-line" data-testid="cadence-line">
        Incident resolved: no further update is due.
      </p>
    );
  }
  const due = zonedClock(toMinute(cadence.dueAt), timeZone);
  if (cadence.overdue) {
    return (
      <p className="cadence-line cadence-line--overdue" data-testid="cadence-line">
        Public update overdue: it was due at {due}, {age(now - cadence.dueAt)} ago.
      </p>
    );
  }
  return (
    <p className="cadence-line" data-testid="cadence-line">
      Next update due {due}, in {age(cadence.dueAt - now)}
      {!cadence.everPublished && ' (nothing published yet)'}
    </p>
  );
}
