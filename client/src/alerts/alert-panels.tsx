import { memo, useRef } from 'react';
import type { AlertGroup, AlertPanel } from '#shared/alerts';
import { httpUrl } from '../lib/safe-url';
import { age, dateTime } from '../lib/time';
import { useStore } from '../store/store';
import { setText, useTransient } from '../store/use-transient';
import { exampleText, foldGroups, moreGroupsText, panelCountsText, panelWarnings, severityLook } from './alert-format';

/** Groups and examples per group shown: enough to see what and where a storm started, few enough to leave room for the metrics. */
const GROUPS_SHOWN = 6;
const EXAMPLES_SHOWN = 2;

/**
 * One compact panel per Alertmanager source the incident follows; nothing when it follows none.
 * Selects only `room.alerts`, which keeps its identity while metric samples stream in.
 */
export function AlertPanels() {
  const alerts = useStore((s) => s.room?.alerts);
  if (!alerts || alerts.size === 0) return null;
  return (
    // Focusable: on a short screen it scrolls, and a keyboard must be able to scroll it.
    <section className="alerts" aria-label="Alerts" tabIndex={0}>
      {[...alerts].map(([source, panel]) => (
        <AlertPanelView key={source} source={source} panel={panel} />
      ))}
    </section>
  );
}

/** Memoised: a panel is replaced whole when its source changes, and only then re-renders. */
const AlertPanelView = memo(function AlertPanelView({ source, panel }: { source: string; panel: AlertPanel }) {
  const { shown, ...other } = foldGroups(panel, GROUPS_SHOWN);
  const more = moreGroupsText(other);
  // The border takes the tone of the most severe group (groups come most severe first).
  const tone = panel.groups[0] ? severityLook(panel.groups[0].severity).tone : 'none';
  return (
    <article className={`alert-panel alert-panel--${tone}`} aria-label={`Alerts from ${source}`} data-source={source}>
      <header className="alert-panel__head">
        <h2 className="alert-panel__title">
          ALERTS <span className="alert-panel__source">{source}</span>
        </h2>
        <span className="alert-panel__counts" data-testid="alert-counts">
          {panelCountsText(panel)}
        </span>
        <UpdatedAgo source={source} />
      </header>
      {panelWarnings(panel).map((w) => (
        <p key={w} className="alert-panel__warning">
          ⚠ {w}
        </p>
      ))}
      {shown.length > 0 && (
        <ul className="alert-groups">
          {shown.map((g) => (
            <GroupRow key={`${g.alertname}\u0000${g.severity ?? ''}`} group={g} />
          ))}
        </ul>
      )}
      {more && <p className="alert-panel__more">{more}</p>}
    </article>
  );
});

function GroupRow({ group }: { group: AlertGroup }) {
  const sev = severityLook(group.severity);
  return (
    <li className="alert-group">
      <div className="alert-group__head">
        <span className={`alert-sev alert-sev--${sev.tone}`} title={group.severity ?? undefined}>
          {sev.icon} {sev.text}
        </span>
        <span className="alert-group__name">{group.alertname}</span>
        <span className="alert-group__count">×{group.count.toLocaleString('en-GB')}</span>
      </div>
      <ul className="alert-examples">
        {group.examples.slice(0, EXAMPLES_SHOWN).map((e) => (
          <li key={e.fingerprint} title={exampleTitle(e.labels, e.startsAt)}>
            <RuleLink url={e.generatorURL} alertname={group.alertname} />
            {exampleText(e)}
          </li>
        ))}
      </ul>
    </li>
  );
}

/** The rule's expression in Prometheus, when the alert says where: only ever an http(s) link. */
function RuleLink({ url, alertname }: { url: string | null; alertname: string }) {
  const href = httpUrl(url);
  if (!href) return null;
  return (
    <a className="alert-examples__rule" href={href} target="_blank" rel="noopener noreferrer" aria-label={`${alertname}: the rule in Prometheus`}>
      ↗
    </a>
  );
}

/** Every label and the start time, on hover: the row keeps to one line. */
function exampleTitle(labels: Record<string, string>, startsAt: number | null): string {
  const lines = Object.entries(labels).map(([k, v]) => `${k}=${v}`);
  if (startsAt !== null) lines.push(`since ${dateTime(startsAt, 'UTC')}`);
  return lines.join('\n');
}

/** Ticks every second: written straight to the DOM so the panel itself does not re-render. */
const UpdatedAgo = memo(function UpdatedAgo({ source }: { source: string }) {
  const text = useRef<HTMLSpanElement>(null);
  useTransient(
    (s, now) => {
      const at = s.room?.alerts.get(source)?.updatedAt ?? null;
      return at === null ? 'no notification yet' : `updated ${age(now + s.connection.clockOffsetMs - at)} ago`;
    },
    (t) => setText(text.current, t),
    [source],
  );
  return <span ref={text} className="alert-panel__age" />;
});
