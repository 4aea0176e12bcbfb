import { Fragment, useCallback, useMemo, useRef, useState } from 'react';
import { cellKey, IMPACT_LABEL, productNamed, type ImpactCell, type ImpactSetup, type Product } from '#shared/impact';
import { useCan } from '../session/permissions';
import { useStore } from '../store/store';
import { ImpactCellEditor } from './impact-cell-editor';
import { zonedMinute } from '../timeline/entry-format';
import './impact.css';

const NO_CELLS: ImpactCell[] = [];

type At = { product: string; zone: string };

/**
 * Customer impact, products × zones. Calm where nothing is wrong (a quiet "OK"), loud where
 * customers are down; every status is said in words, never by colour alone. Someone who may
 * change impact opens a cell's editor by activating it; everyone else reads the details on
 * focus or hover.
 */
export function ImpactBoard() {
  const incidentId = useStore((s) => s.room?.incidentId ?? null);
  const timeZone = useStore((s) => s.room?.incident.timeZone ?? 'UTC');
  const setup = useStore((s) => s.room?.setup ?? null);
  const impacts = useStore((s) => s.room?.impacts ?? NO_CELLS);
  const live = useStore((s) => s.connection.status === 'live' && s.roomPhase === 'live');
  const canEdit = useCan('impact.update');
  const [editing, setEditing] = useState<At | null>(null);
  const [detail, setDetail] = useState<At | null>(null);
  /** Cells saved by this screen whose event has not arrived yet: `incident|cell` → the stored version. */
  const [saving, setSaving] = useState<ReadonlyMap<string, number>>(new Map());
  const buttons = useRef(new Map<string, HTMLButtonElement>());
  // An open editor holding changes is not swapped for another cell: what was typed would be lost.
  const editorDirty = useRef(false);
  const [nudged, setNudged] = useState(0);
  const onDirtyChange = useCallback((dirty: boolean) => {
    editorDirty.current = dirty;
  }, []);

  const cells = useMemo(() => new Map(impacts.map((c) => [cellKey(c), c])), [impacts]);
  const { products, zones } = useMemo(() => boardShape(setup, impacts), [setup, impacts]);

  if (setup === null || incidentId === null) return null;
  if (products.length === 0 || zones.length === 0) {
    return (
      <p className="impact-board__empty">
        No products or zones are configured (the <code>impact:</code> section of warroom.config.yaml).
      </p>
    );
  }

  const open = (at: At) => {
    if (editing !== null && cellKey(editing) === cellKey(at)) return;
    if (editing !== null && editorDirty.current) return setNudged((n) => n + 1);
    editorDirty.current = false;
    setNudged(0);
    setEditing(at);
  };

  const close = (saved: ImpactCell[] | null) => {
    const at = editing;
    editorDirty.current = false;
    setNudged(0);
    setEditing(null);
    if (saved && saved.length > 0) {
      setSaving((prev) => {
        const next = new Map(prev);
        for (const c of saved) next.set(savingKey(c.incidentId, c), c.version);
        return next;
      });
    }
    // Back to the cell the keyboard came from, once it is rendered again.
    if (at) requestAnimationFrame(() => buttons.current.get(cellKey(at))?.focus());
  };

  const isSaving = (at: At) => {
    const version = saving.get(savingKey(incidentId, at));
    return version !== undefined && (cells.get(cellKey(at))?.version ?? 0) < version;
  };

  const shown = detail && products.some((p) => p.id === detail.product) ? detail : null;
  const shownName = shown ? (productNamed(products, shown.product)) : '';
  return (
    <div className={`impact-board${live ? '' : ' impact-board--not-live'}`}>
      {!live && (
        <p className="impact-board__not-live" role="status">
          Not up to date — reconnecting. The board shows what was last known.
        </p>
      )}
      {!canEdit && <p className="impact-board__read-only">Read only: your role may not change customer impact.</p>}
      <div className="impact-board__scroll">
        <table className="impact-board__table" data-testid="impact-board">
          <caption className="sr-only">Customer impact by product and zone</caption>
          <thead>
            <tr>
              <th scope="col">Product</th>
              {zones.map((z) => (
                <th key={z} scope="col" className="impact-board__zone">
                  {z}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {products.map((p) => (
              <Fragment key={p.id}>
                <tr>
                  <th scope="row" className="impact-board__product">
                    {p.name}
                  </th>
                  {zones.map((z) => {
                    const at = { product: p.id, zone: z };
                    const key = cellKey(at);
                    return (
                      <td key={z} className="impact-board__cell">
                        <CellButton
                          product={p}
                          zone={z}
                          cell={cells.get(key)}
                          timeZone={timeZone}
                          saving={isSaving(at)}
                          editable={canEdit}
                          expanded={editing !== null && cellKey(editing) === key}
                          buttonRef={(el) => {
                            if (el) buttons.current.set(key, el);
                            else buttons.current.delete(key);
                          }}
                          onOpen={() => open(at)}
                          onShow={(on) => setDetail((prev) => (on ? at : prev && cellKey(prev) === key ? null : prev))}
                        />
                      </td>
                    );
                  })}
                </tr>
                {editing?.product === p.id && (
                  // Under the product's own row, so the editor opens next to the cell it changes.
                  <tr className="impact-board__editor-row">
                    <td colSpan={zones.length + 1}>
                      <ImpactCellEditor
                        key={cellKey(editing)}
                        incidentId={incidentId}
                        product={p}
                        zone={editing.zone}
                        zones={zones}
                        cells={cells}
                        onDone={close}
                        onDirtyChange={onDirtyChange}
                        nudged={nudged}
                      />
                    </td>
                  </tr>
                )}
              </Fragment>
            ))}
          </tbody>
        </table>
      </div>
      {/* Sighted readers' details; screen readers hear the same in each cell's name. */}
      <p className="impact-board__detail" aria-hidden="true">
        {shown ? describe(shownName, shown.zone, cells.get(cellKey(shown)), timeZone) : 'Focus or point at a cell for its details.'}
      </p>
    </div>
  );
}

type CellProps = {
  product: Product;
  zone: string;
  cell: ImpactCell | undefined;
  timeZone: string;
  saving: boolean;
  editable: boolean;
  expanded: boolean;
  buttonRef: (el: HTMLButtonElement | null) => void;
  onOpen: () => void;
  onShow: (on: boolean) => void;
};

function CellButton({ product, zone, cell, timeZone, saving, editable, expanded, buttonRef, onOpen, onShow }: CellProps) {
  const status = cell?.status ?? 'operational';
  const text = describe(product.name, zone, cell, timeZone);
  const label = `${text}${saving ? ' Saving…' : ''}${editable ? ' Activate to change.' : ''}`;
  return (
    <button
      type="button"
      ref={buttonRef}
      className={`impact-cell impact-cell--${status}${editable ? '' : ' impact-cell--read-only'}`}
      data-testid="impact-cell"
      data-product={product.id}
      data-zone={zone}
      data-status={status}
      aria-label={label}
      title={text}
      aria-expanded={editable ? expanded : undefined}
      onClick={editable ? onOpen : undefined}
      onFocus={() => onShow(true)}
      onBlur={() => onShow(false)}
      onMouseEnter={() => onShow(true)}
      onMouseLeave={() => onShow(false)}
    >
      {status === 'operational' ? (
        <span className="impact-cell__ok">
          <span className="impact-cell__dot" aria-hidden="true">
            ●
          </span>{' '}
          OK
        </span>
      ) : (
        <>
          <span className="impact-cell__status">{IMPACT_LABEL[status]}</span>
          {cell && cell.description.trim() !== '' && <span className="impact-cell__description">{cell.description}</span>}
          {cell && (
            <span className="impact-cell__since">
              since {zonedMinute(cell.since, timeZone)} · {cell.setBy}
            </span>
          )}
        </>
      )}
      {saving && <span className="impact-cell__saving">Saving…</span>}
    </button>
  );
}

/** "Databases, PAR6: Partial outage. Writes fail. Since 15:02 CET, set by Alice." */
function describe(productName: string, zone: string, cell: ImpactCell | undefined, timeZone: string): string {
  const head = `${productName}, ${zone}: ${IMPACT_LABEL[cell?.status ?? 'operational']}.`;
  if (!cell) return `${head} Not changed during this incident.`;
  const words = cell.description.trim();
  const description = words === '' ? '' : ` ${words}${/[.!?…]$/.test(words) ? '' : '.'}`;
  return `${head}${description} Since ${zonedMinute(cell.since, timeZone)}, set by ${cell.setBy}.`;
}


const savingKey = (incidentId: number, at: At) => `${incidentId}\u0000${cellKey(at)}`;

/**
 * The config's products and zones, in its order, plus any that only a non-operational cell
 * still names (the config changed mid-incident): customers are still affected, so they are shown.
 */
function boardShape(setup: ImpactSetup | null, impacts: readonly ImpactCell[]): { products: Product[]; zones: string[] } {
  if (setup === null) return { products: [], zones: [] };
  const products = [...setup.products];
  const zones = [...setup.zones];
  for (const c of impacts) {
    if (c.status === 'operational') continue;
    if (!products.some((p) => p.id === c.product)) products.push({ id: c.product, name: c.product });
    if (!zones.includes(c.zone)) zones.push(c.zone);
  }
  return { products, zones };
}
