import { useMemo } from 'react';
import { SUGGESTED_AREAS, type FollowUp } from '#shared/follow-ups';
import { useCan } from '../session/permissions';
import { useStore } from '../store/store';
import { FollowUpForm } from './follow-up-form';
import { FollowUpItem } from './follow-up-item';
import './follow-ups.css';

const NONE: FollowUp[] = [];

type Area = { area: string; items: FollowUp[] };

const areaRank = (area: string): number => {
  const i = (SUGGESTED_AREAS as readonly string[]).indexOf(area);
  return i === -1 ? SUGGESTED_AREAS.length : i;
};

/** The post-mortem's order: its own areas first as it lists them, then any other alphabetically. */
function byArea(items: readonly FollowUp[]): Area[] {
  const groups = new Map<string, FollowUp[]>();
  for (const item of items.toSorted((a, b) => a.id - b.id)) {
    const list = groups.get(item.area);
    if (list) list.push(item);
    else groups.set(item.area, [item]);
  }
  return [...groups]
    .map(([area, list]) => ({ area, items: list }))
    .toSorted((a, b) => areaRank(a.area) - areaRank(b.area) || a.area.localeCompare(b.area));
}

/**
 * Action items: follow-ups captured while the incident runs, grouped by area as the post-mortem's
 * "Actions" lists them. Changes arrive as room events; nothing here patches the store.
 */
export function FollowUpsPanel() {
  const incidentId = useStore((s) => s.room?.incidentId ?? null);
  const followUps = useStore((s) => s.room?.followUps ?? NONE);
  const canWrite = useCan('followup.write');
  const areas = useMemo(() => byArea(followUps), [followUps]);
  if (incidentId === null) return null;
  const open = followUps.filter((f) => !f.done).length;

  return (
    <section className="follow-ups" aria-labelledby="follow-ups-title" data-testid="follow-ups">
      <h3 id="follow-ups-title" className="follow-ups__heading">
        Action items{' '}
        {followUps.length > 0 && (
          <span className="follow-ups__count">
            ({open} open of {followUps.length})
          </span>
        )}
      </h3>
      {areas.length === 0 ? (
        <p className="follow-ups__empty">No action items yet: what must change after this incident goes here, for the post-mortem.</p>
      ) : (
        areas.map((g) => (
          <div key={g.area} className="follow-ups__area">
            <h4 className="follow-ups__area-title">{g.area}</h4>
            <ul className="follow-ups__list">
              {g.items.map((item) => (
                <FollowUpItem key={item.id} incidentId={incidentId} item={item} canWrite={canWrite} />
              ))}
            </ul>
          </div>
        ))
      )}
      {canWrite && <FollowUpForm incidentId={incidentId} areas={areas.map((g) => g.area)} />}
    </section>
  );
}
