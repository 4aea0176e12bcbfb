import { memo } from 'react';
import type { Entry } from '#shared/timeline';
import { kindWord } from './entry-format';
import { rowAttributes, type RowProps } from './entry-row';
import { foldLabel, timeSpan, type FoldRowSpec } from './timeline-rows';

type FoldProps = RowProps & { run: FoldRowSpec; entries: Entry[]; timeZone: string; onToggle: (run: FoldRowSpec) => void };

/** A run of system entries in one line; opens (and closes) on click or Enter. */
export const FoldRow = memo(function FoldRow({ run, entries, timeZone, onToggle, ref, index, setSize }: FoldProps) {
  return (
    <li ref={ref} {...rowAttributes(index, setSize)} className={run.expanded ? 'fold fold--open' : 'fold'}>
      <button type="button" className="fold__toggle" aria-expanded={run.expanded} onClick={() => onToggle(run)}>
        <span aria-hidden="true">{run.expanded ? '▾' : '▸'}</span> {foldLabel(run, kindWord)}
      </button>
      <span className="fold__span">{timeSpan(entries[run.from]!.occurredAt, entries[run.to - 1]!.occurredAt, timeZone)}</span>
    </li>
  );
});
