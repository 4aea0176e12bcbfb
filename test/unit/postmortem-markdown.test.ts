/** The post-mortem in the seed's shape, written from an incident's record (server/src/postmortem/postmortem-markdown.ts). */
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ImpactChange } from '#shared/impact';
import type { Entry } from '#shared/timeline';
import { escapeCell, postmortemMarkdown, type PostmortemInput, timelineRows } from '../../server/src/postmortem/postmortem-markdown';
import { makeEntry, makeFollowUp, makeImpactCell, makeIncident, makePublicUpdate } from '../support/factories';

const SEED = 'test/fixtures/seeds/2025-03-03-par6-power-outage-postmortem.md';

/** Splits a table row on the pipes that are not escaped (an odd run of backslashes escapes one), as GFM renderers do. */
function cells(row: string): string[] {
  const out: string[] = [];
  let cell = '';
  let backslashes = 0;
  for (const ch of row.trim().slice(1, -1)) {
    if (ch === '|' && backslashes % 2 === 0) {
      out.push(cell.trim());
      cell = '';
    } else {
      cell += ch;
    }
    backslashes = ch === '\\' ? backslashes + 1 : 0;
  }
  return [...out, cell.trim()];
}

/** The body rows of the table whose header line is `header`, each split into cells. */
function table(markdown: string, header: string): string[][] {
  const lines = markdown.split('\n');
  const start = lines.indexOf(header);
  expect(start, `no "${header}" in:\n${markdown}`).toBeGreaterThanOrEqual(0);
  const end = lines.findIndex((l, i) => i > start && !l.startsWith('|'));
  return lines.slice(start + 2, end === -1 ? undefined : end).map(cells);
}

/** The text between a heading and the next heading of the same or a higher level. */
function section(markdown: string, heading: string): string {
  const from = markdown.indexOf(`\n${heading}\n`);
  expect(from, `no "${heading}" in:\n${markdown}`).toBeGreaterThanOrEqual(0);
  const level = heading.split(' ')[0]!;
  const rest = markdown.slice(from + heading.length + 2);
  const next = rest.search(new RegExp(`^#{1,${level.length}} `, 'm'));
  return (next === -1 ? rest : rest.slice(0, next)).trim();
}

const entry = (id: number, occurredAt: string, o: Partial<Entry> = {}) => makeEntry({ id, occurredAt, loggedAt: occurredAt, ...o });
const change = (product: string, zone: string, status: ImpactChange['status'], setAt: string, description = ''): ImpactChange => ({
  product, zone, status, description, setBy: 'ic', setAt,
});

/** A small PAR6: what people logged among the server's entries, a board's history, two published updates, four actions. */
function fixture(o: Partial<PostmortemInput> = {}): PostmortemInput {
  return {
    incident: makeIncident({ title: 'PAR6 power outage', severity: 'SEV1', status: 'resolved', createdAt: '2025-03-03T13:50:00Z' }),
    entries: [
      entry(1, '2025-03-03T13:55:00Z', { component: 'Infrastructure', text: 'Power outage at PAR6 (Green Data) data center' }),
      entry(2, '2025-03-03T13:56:00Z', { kind: 'alert', text: 'LoadBalancerDown firing' }),
      entry(3, '2025-03-03T13:57:00Z', { kind: 'decision', component: 'Infrastructure', text: 'Infrastructure team opens a crisis conference' }),
      entry(4, '2025-03-03T14:02:00Z', { kind: 'status', text: 'Status: identified' }),
      entry(5, '2025-03-03T14:10:00Z', { text: 'Ceph is fine', retracted: { reason: 'it was not', by: 'ic', at: '2025-03-03T14:20:00Z' } }),
      entry(6, '2025-03-03T14:30:00Z', { kind: 'action', component: 'DBaaS', text: 'Restart the PostgreSQL add-on provider' }),
      entry(7, '2025-03-03T14:40:00Z', { kind: 'metric', text: 'VMs missing crossed 200' }),
      entry(8, '2025-03-03T14:41:00Z', { kind: 'feed', text: 'Ceph feed is stale' }),
      // Logged late about what happened early: the timeline's order is when it happened.
      entry(9, '2025-03-03T13:56:00Z', { component: 'Load Balancers', text: 'Monitoring advertises the loss of a load balancer' }),
      entry(10, '2025-03-03T20:20:00Z', { kind: 'comms', component: 'DBaaS', text: 'Last replica down identified was rebuilt' }),
    ],
    impacts: [makeImpactCell({ product: 'legacy', zone: 'PAR6', status: 'major_outage' })],
    impactChanges: [
      change('runtimes', 'PAR6', 'degraded_performance', '2025-03-03T14:00:00Z', 'Applications may be slow'),
      change('databases', 'PAR6', 'partial_outage', '2025-03-03T14:00:00Z', 'Some databases are unavailable'),
      change('databases', 'PAR7', 'partial_outage', '2025-03-03T14:00:00Z', 'Some databases are unavailable'),
      change('legacy', 'PAR6', 'major_outage', '2025-03-03T14:00:00Z', 'The old API is down'),
      change('runtimes', 'PAR6', 'degraded_performance', '2025-03-03T14:30:00Z', 'Deployments fail'),
      change('runtimes', 'PAR6', 'partial_outage', '2025-03-03T15:00:00Z', 'Applications may be slow'),
      change('runtimes', 'PAR6', 'operational', '2025-03-03T16:00:00Z', 'Applications are back'),
      change('observability', 'PAR6', 'operational', '2025-03-03T16:00:00Z', 'Logs were always available'),
      change('databases', 'PAR6', 'operational', '2025-03-03T17:00:00Z'),
      change('databases', 'PAR7', 'operational', '2025-03-03T18:35:00Z', 'Databases are back'),
    ],
    updates: [
      makePublicUpdate({ id: 1, status: 'investigating', text: 'We are investigating an outage in PAR.', publishedAt: '2025-03-03T14:10:00Z' }),
      makePublicUpdate({ id: 2, state: 'draft', publishedAt: null, text: 'A draft nobody published' }),
      makePublicUpdate({ id: 3, status: 'identified', text: 'A power cut in PAR6.', publishedAt: '2025-03-03T14:40:00Z' }),
      makePublicUpdate({ id: 4, state: 'discarded', publishedAt: null, text: 'Discarded' }),
    ],
    followUps: [
      makeFollowUp({ id: 1, area: 'Runtimes', ref: '#856', title: 'Enforce guard I/O rules at Hypervisor level', owner: 'Alice', done: true }),
      makeFollowUp({ id: 2, area: 'Databases', ref: '#63', title: 'Enhance replication monitoring for MySQL databases' }),
      makeFollowUp({ id: 3, area: 'Runtimes', ref: '#857', title: 'Enhance observability for small profile VM memory pressure', owner: 'Bob' }),
      makeFollowUp({ id: 4, area: 'Networking', title: 'Ensure OSPF/BGP convergence times on routers' }),
    ],
    products: [
      { id: 'runtimes', name: 'Runtimes' },
      { id: 'databases', name: 'Databases (MySQL, PostgreSQL, Redis, MongoDB)' },
      { id: 'vpn', name: 'VPN / IPSec' },
      { id: 'observability', name: 'Observability' },
    ],
    ...o,
  };
}

describe('postmortemMarkdown', () => {
  const markdown = postmortemMarkdown(fixture(), 'Europe/Paris');

  it('follows the seed’s shape: title, summary, impact, updates, timeline, analysis to fill in, actions', () => {
    const headings = markdown.split('\n').filter((l) => l.startsWith('#'));
    expect(headings).toEqual([
      '# PAR6 power outage',
      '## Public updates',
      '## Timeline',
      '## Analysis',
      '### What happened',
      '### What went well',
      '### What went wrong',
      '## Actions',
      '### Runtimes',
      '### Databases',
      '### Networking',
    ]);
    expect(markdown).toContain('\n| Timeline | Component | Description |\n|---|---|---|\n');
    expect(section(markdown, '### What went wrong')).toMatch(/^\*To be written: .+\*$/);
  });

  it('summarises when it started and ended in the zone, how long, how severe and how it ended', () => {
    const summary = markdown.split('\n\n')[1]!;
    expect(summary).toContain('started on Monday 2025-03-03 at 14:55 CET');
    expect(summary).toContain('ended at 21:20 CET (the last timeline entry), 6 h 25 min later');
    expect(summary).toContain('Severity: SEV1. Final status: resolved.');
    expect(summary).toContain('The impact board still shows: legacy major outage in PAR6.');
  });

  it('says plainly what is unknown: the end of an unresolved incident, the start of one nothing was logged in', () => {
    const open = postmortemMarkdown(fixture({ incident: makeIncident({ status: 'monitoring' }) }), 'Europe/Paris').split('\n\n')[1]!;
    expect(open).toContain('It is not resolved yet, so when it ended and how long it lasted are unknown');
    expect(open).toContain('Status: monitoring.');
    const empty = postmortemMarkdown(fixture({ entries: [], impacts: [], impactChanges: [], updates: [], followUps: [] }), 'Europe/Paris');
    expect(empty.split('\n\n')[1]).toContain('when the incident started and ended is unknown; it was opened on Monday 2025-03-03 at 14:50 CET');
    expect(empty).toContain('*No product was marked as impacted on the impact board.*');
    expect(section(empty, '## Public updates')).toBe('*Nothing was published on the status page.*');
    expect(section(empty, '## Timeline')).toBe('*Nothing was logged on the timeline.*');
    expect(section(empty, '## Actions')).toBe('*No actions were recorded.*');
  });

  it('has one impact row per product ever not operational, in config order: its words, latest last, then the worst of it', () => {
    expect(table(markdown, '| Product | Impact |')).toEqual([
      ['Runtimes', 'Deployments fail<br>Applications may be slow<br>Applications are back<br>Worst: partial outage in PAR6 (16:00–17:00 CET)'],
      ['Databases (MySQL, PostgreSQL, Redis, MongoDB)', 'Some databases are unavailable<br>Databases are back<br>Worst: partial outage in PAR6, PAR7 (15:00–19:35 CET)'],
      // No longer in the config, still impacted: it is kept, last, and its open end is said.
      ['legacy', 'The old API is down<br>Worst: major outage in PAR6 (from 15:00 CET; no recovery recorded)'],
    ]);
  });

  it('lists the published updates as the status page stamped them, drafts and discarded ones left out', () => {
    expect(section(markdown, '## Public updates').split('\n\n')).toEqual([
      '15:10 UTC+1: We are investigating an outage in PAR. *(investigating)*',
      'EDIT 15:40 UTC+1: A power cut in PAR6. *(identified)*',
    ]);
  });

  it('dates an update published on a later day than the first entry, after EDIT', () => {
    const later = makePublicUpdate({ id: 5, status: 'resolved', text: 'All add-ons are OK.', publishedAt: '2025-03-04T08:00:00Z' });
    const md = postmortemMarkdown(fixture({ updates: [...fixture().updates, later] }), 'Europe/Paris');
    expect(section(md, '## Public updates').split('\n\n').at(-1)).toBe('EDIT 2025-03-04 09:00 UTC+1: All add-ons are OK. *(resolved)*');
  });

  it('has a timeline row per entry a person logged, in timeline order, without retracted or system entries', () => {
    expect(table(markdown, '| Timeline | Component | Description |')).toEqual([
      ['14:55 CET', 'Infrastructure', 'Power outage at PAR6 (Green Data) data center'],
      ['14:56 CET', 'Load Balancers', 'Monitoring advertises the loss of a load balancer'],
      ['14:57 CET', 'Infrastructure', 'Infrastructure team opens a crisis conference'],
      ['15:30 CET', 'DBaaS', 'Restart the PostgreSQL add-on provider'],
      ['21:20 CET', 'DBaaS', 'Last replica down identified was rebuilt'],
    ]);
  });

  it('groups the actions by area in first-appearance order, ref first, done ones marked', () => {
    expect(section(markdown, '## Actions')).toBe(
      [
        '### Runtimes',
        '',
        '- #856 Enforce guard I/O rules at Hypervisor level (Alice) — done',
        '- #857 Enhance observability for small profile VM memory pressure (Bob)',
        '',
        '### Databases',
        '',
        '- #63 Enhance replication monitoring for MySQL databases',
        '',
        '### Networking',
        '',
        '- Ensure OSPF/BGP convergence times on routers',
      ].join('\n'),
    );
  });

  it('keeps every row at three cells when entry text holds pipes, line breaks and HTML', () => {
    const text = 'Power | cut\nsecond line\r\nthird\rfourth <script>alert(1)</script> & a\\|b';
    const md = postmortemMarkdown(fixture({ entries: [entry(1, '2025-03-03T13:55:00Z', { component: 'Network', text }), entry(2, '2025-03-03T13:56:00Z')] }), 'UTC');
    const rows = table(md, '| Timeline | Component | Description |');
    expect(rows.map((r) => r.length)).toEqual([3, 3]);
    expect(rows[0]).toEqual(['13:55 UTC', 'Network', 'Power \\| cut<br>second line<br>third<br>fourth &lt;script>alert(1)&lt;/script> &amp; a\\\\\\|b']);
    expect(md).not.toContain('<script>');
  });
});

describe('timelineRows', () => {
  const { entries } = fixture();
  it.each([
    { zone: 'Europe/Paris', times: ['14:55 CET', '14:56 CET', '14:57 CET', '15:30 CET', '21:20 CET'] },
    { zone: 'UTC', times: ['13:55 UTC', '13:56 UTC', '13:57 UTC', '14:30 UTC', '20:20 UTC'] },
    { zone: 'America/New_York', times: ['08:55 EST', '08:56 EST', '08:57 EST', '09:30 EST', '15:20 EST'] },
  ])('writes the same entries in $zone', ({ zone, times }) => {
    expect(timelineRows(entries, zone).map((r) => r.time)).toEqual(times);
  });

  it.each([
    { zone: 'Europe/Paris', times: ['23:50 CET', '2025-03-04 01:10 CET', '2025-03-05 09:00 CET'] },
    { zone: 'UTC', times: ['22:50 UTC', '2025-03-04 00:10 UTC', '2025-03-05 08:00 UTC'] },
    // In New York the first two are the same evening: only the last is another day.
    { zone: 'America/New_York', times: ['17:50 EST', '19:10 EST', '2025-03-05 03:00 EST'] },
  ])('dates the rows of a multi-day incident that fall on another day than the first, in $zone', ({ zone, times }) => {
    const multiDay = [entry(1, '2025-03-03T22:50:00Z'), entry(2, '2025-03-04T00:10:00Z'), entry(3, '2025-03-05T08:00:00Z')];
    expect(timelineRows(multiDay, zone).map((r) => r.time)).toEqual(times);
  });

  it('leaves the component empty when none was given, and the text as typed (escaping is the table’s job)', () => {
    expect(timelineRows([entry(1, '2025-03-03T13:55:00Z', { text: 'a | b' })], 'UTC')).toEqual([{ time: '13:55 UTC', component: '', description: 'a | b' }]);
  });
});

describe('escapeCell', () => {
  it.each([
    { text: 'a | b', cell: 'a \\| b' },
    { text: 'one\ntwo', cell: 'one<br>two' },
    { text: 'one\r\ntwo', cell: 'one<br>two' },
    { text: 'one\rtwo', cell: 'one<br>two' },
    { text: '<script>x</script>', cell: '&lt;script>x&lt;/script>' },
    { text: 'R&D &lt;', cell: 'R&amp;D &amp;lt;' },
    { text: 'a\\|b', cell: 'a\\\\\\|b' },
    { text: 'trailing  \n', cell: 'trailing' },
  ])('$text → $cell', ({ text, cell }) => {
    expect(escapeCell(text)).toBe(cell);
  });

  it('leaves the seed’s timeline texts as the seed wrote them', () => {
    const seed = table(fs.readFileSync(SEED, 'utf8').replace('| Timeline  | Component | Description |', '| Timeline | Component | Description |'), '| Timeline | Component | Description |');
    expect(seed.length).toBeGreaterThan(80);
    for (const row of seed) for (const cell of row) expect(escapeCell(cell)).toBe(cell);
  });
});
