import { useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import { cellKey, IMPACT_LABEL, productNamed, type ImpactSuggestion } from '#shared/impact';
import { suggestImpacts } from '#shared/impact-suggestions';
import { errorText } from '../api/http';
import { currentNow } from '../lib/use-now';
import { useCan } from '../session/permissions';
import { useStore } from '../store/store';
import { subscribeToStoreAndClock } from '../store/use-transient';
import { setImpact } from './impact-api';
import './impact.css';

type Reading = { incidentId: number; rules: boolean; paused: boolean; list: ImpactSuggestion[] };
type Progress = { saving: true } | { saving: false; error: string };

/**
 * What the feeds suggest for the board, for a person to confirm: never applied without a click.
 * Re-read every second (staleness is a matter of time) and on every room change. While the
 * screen is not live nothing is suggested: an old reading must not claim customers are down now.
 */
function readSuggestions(): string {
  const { room, connection, roomPhase } = useStore.getState();
  const rules = room?.setup.suggestions ?? [];
  const incidentId = room?.incidentId ?? 0;
  if (room === null || rules.length === 0) return JSON.stringify({ incidentId, rules: false, paused: false, list: [] } satisfies Reading);
  if (connection.status !== 'live' || roomPhase !== 'live') return JSON.stringify({ incidentId, rules: true, paused: true, list: [] } satisfies Reading);
  const serverNow = currentNow() + connection.clockOffsetMs;
  const list = suggestImpacts(rules, [...room.metrics.values()], room.impacts, serverNow);
  // A string, so the component re-renders only when what it would show changes.
  return JSON.stringify({ incidentId, rules: true, paused: false, list } satisfies Reading);
}

/** A dismissal holds for one cell of one incident at one suggested status: a worse suggestion for it is shown again. */
const suggestionKey = (incidentId: number, s: Pick<ImpactSuggestion, 'product' | 'zone' | 'suggest'>) =>
  `${incidentId}\u0000${cellKey(s)}\u0000${s.suggest}`;

export function ImpactSuggestions() {
  const snapshot = useSyncExternalStore(subscribeToStoreAndClock, readSuggestions);
  const reading = useMemo(() => JSON.parse(snapshot) as Reading, [snapshot]);
  const products = useStore((s) => s.room?.setup.products);
  const canConfirm = useCan('impact.update');
  const [dismissed, setDismissed] = useState<ReadonlySet<string>>(new Set());
  const [progress, setProgress] = useState<ReadonlyMap<string, Progress>>(new Map());
  const section = useRef<HTMLElement>(null);
  /** Whether the keyboard was in this list: a suggestion that vanishes under it must not drop focus to the page. */
  const focusedWithin = useRef(false);

  const { incidentId, list, paused } = reading;
  const presentKeys = useMemo(() => new Set(list.map((s) => suggestionKey(incidentId, s))), [incidentId, list]);

  // While paused nothing is known: dismissals wait. Otherwise a suggestion that went away and
  // comes back is news again, and a save that landed needs no progress kept. Adjusted while
  // rendering (React's pattern for state that follows a changed input), not in an effect.
  const [prunedFor, setPrunedFor] = useState(presentKeys);
  if (!paused && prunedFor !== presentKeys) {
    setPrunedFor(presentKeys);
    if ([...dismissed].some((k) => !presentKeys.has(k))) setDismissed(new Set([...dismissed].filter((k) => presentKeys.has(k))));
    if ([...progress.keys()].some((k) => !presentKeys.has(k))) setProgress(new Map([...progress].filter(([k]) => presentKeys.has(k))));
  }

  useEffect(() => {
    // No dependencies on purpose: after any change, if the focused suggestion went away, focus stays in the list.
    const root = section.current;
    if (!focusedWithin.current || root === null || document.activeElement !== document.body) return;
    (root.querySelector<HTMLButtonElement>('button') ?? root).focus({ preventScroll: true });
  });

  if (!reading.rules) return null;
  const shown = list.filter((s) => !dismissed.has(suggestionKey(incidentId, s)));
  const name = (id: string) => productNamed(products ?? [], id);

  const confirm = async (s: ImpactSuggestion) => {
    const key = suggestionKey(incidentId, s);
    setProgress((prev) => new Map(prev).set(key, { saving: true }));
    try {
      // The suggestion leaves by itself once the cell's event arrives: it is then no longer worse than the board.
      const held = useStore.getState().room?.impacts.find((c) => c.product === s.product && c.zone === s.zone);
      await setImpact(incidentId, { product: s.product, zones: [s.zone], status: s.suggest, description: s.description, versions: { [s.zone]: held?.version ?? 0 } });
    } catch (err) {
      setProgress((prev) => new Map(prev).set(key, { saving: false, error: errorText(err) }));
    }
  };

  const dismiss = (s: ImpactSuggestion) => {
    setDismissed((prev) => new Set(prev).add(suggestionKey(incidentId, s)));
    requestAnimationFrame(() => {
      const root = section.current;
      if (root && !root.contains(document.activeElement)) (root.querySelector<HTMLButtonElement>('button') ?? root).focus({ preventScroll: true });
    });
  };

  return (
    <section
      ref={section}
      className="impact-suggestions"
      aria-label="Suggested from feeds"
      tabIndex={-1}
      onFocus={() => (focusedWithin.current = true)}
      onBlur={(e) => {
        if (e.relatedTarget !== null) {
          if (!e.currentTarget.contains(e.relatedTarget)) focusedWithin.current = false;
          return;
        }
        // No new target: a click on the page (the button is still there: the person left) or the
        // focused suggestion removed under the keyboard (it is gone: still "within").
        const left = e.target;
        requestAnimationFrame(() => {
          if (left.isConnected) focusedWithin.current = false;
        });
      }}
    >
      {paused ? (
        <p className="impact-suggestions__quiet">Suggestions from feeds paused: this screen is not live.</p>
      ) : shown.length === 0 ? (
        <p className="impact-suggestions__quiet">
          {list.length === 0 ? (
            'Feeds suggest no impact right now.'
          ) : (
            <>
              {list.length === 1 ? 'One suggestion' : `${list.length} suggestions`} from feeds dismissed on this screen.{' '}
              <button type="button" className="impact-suggestions__again" onClick={() => setDismissed(new Set())}>
                Show again
              </button>
            </>
          )}
        </p>
      ) : (
        <ul className="impact-suggestions__list">
          {shown.map((s) => {
            const key = suggestionKey(incidentId, s);
            const state = progress.get(key);
            const what = `${name(s.product)} in ${s.zone} → ${IMPACT_LABEL[s.suggest]}`;
            return (
              <li
                key={key}
                className={`impact-suggestion impact-suggestion--${s.suggest}`}
                data-testid="impact-suggestion"
                data-product={s.product}
                data-zone={s.zone}
                data-status={s.suggest}
              >
                <p className="impact-suggestion__text">
                  <span className="impact-suggestion__from">Suggested from feeds:</span> {name(s.product)} in {s.zone} →{' '}
                  <strong className={`impact-status impact-status--${s.suggest}`}>{IMPACT_LABEL[s.suggest]}</strong> — because {s.because}
                </p>
                {s.description !== '' && <p className="impact-suggestion__description">Customers would read: “{s.description}”</p>}
                <div className="impact-suggestion__actions">
                  {canConfirm && (
                    <button
                      type="button"
                      className="impact-suggestion__confirm"
                      // aria-disabled, not disabled: the focused button keeps the focus while it saves.
                      aria-disabled={state?.saving === true}
                      onClick={() => state?.saving !== true && void confirm(s)}
                      aria-label={`Confirm: ${what}`}
                    >
                      {state?.saving ? 'Saving…' : 'Confirm'}
                    </button>
                  )}
                  <button type="button" onClick={() => dismiss(s)} aria-label={`Dismiss: ${what}`}>
                    Dismiss
                  </button>
                </div>
                {state && !state.saving && (
                  <p className="impact-suggestion__error" role="alert">
                    Not confirmed: {state.error}
                  </p>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
