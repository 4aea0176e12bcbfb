/**
 * The post-mortem and the incident file: the 2025 replay exported reproduces the seed's
 * timeline table; export → import → export is the same apart from ids; bad files are refused.
 */
import fs from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadScenario } from '../../../server/src/feeds/scenario/scenario-loader';
import { feedsConfig, startServer, type TestServer } from '../../support/server';
import { TestClock } from '../../support/test-clock';

const SEED = 'test/fixtures/seeds/2025-03-03-par6-power-outage-postmortem.md';
const running: TestServer[] = [];
afterEach(async () => {
  for (const s of running.splice(0)) await s.close();
});
async function start(clock = new TestClock(), yaml?: string) {
  const s = await startServer({ clock, feeds: feedsConfig(yaml) });
  running.push(s);
  return s;
}

/** The rows of the Markdown table under `heading`, cells split on unescaped pipes and trimmed. */
function tableUnder(markdown: string, heading: string): string[][] {
  const lines = markdown.split('\n');
  const at = lines.findIndex((l) => l.trim() === heading);
  expect(at, `no "${heading}" in:\n${markdown}`).toBeGreaterThanOrEqual(0);
  const table = lines.slice(at + 1).filter((l, i, all) => l.startsWith('|') && all.slice(0, i).every((p) => p.trim() === '' || p.startsWith('|')));
  return table.slice(2).map((row) => row.slice(1, -1).split(/(?<!\\)\|/).map((cell) => cell.trim()));
}

describe('the post-mortem', { timeout: 60_000 }, () => {
  it('replaying the 2025 scenario to its end reproduces the seed’s timeline table: rows, times, components, descriptions', async () => {
    const clock = new TestClock();
    const s = await start(clock, `demo: { scenario: par6-2025-03-03, duration: 1m, tick: 1s }\n`);
    const [incident] = (await s.api('GET', '/api/incidents')).body.incidents;
    await clock.advance(61_000);
    await vi.waitFor(async () => expect((await s.api('GET', `/api/incidents/${incident.id}`)).body.status).toBe('resolved'));
    const res = await fetch(`${s.url}/api/incidents/${incident.id}/postmortem.md?tz=Europe/Paris`, { headers: { Authorization: `Bearer ${(await s.token('viewer'))}` } });
    expect(res.headers.get('content-type')).toContain('text/markdown');
    const markdown = await res.text();
    const seed = tableUnder(fs.readFileSync(SEED, 'utf8'), '## Timeline');
    expect(seed).toHaveLength(loadScenario('scenarios', 'par6-2025-03-03').steps.filter((x) => x.type === 'entry').length);
    expect(tableUnder(markdown, '## Timeline')).toEqual(seed);
  });

  it('writes the table in the zone asked for, and refuses an unknown zone naming tz', async () => {
    const s = await start();
    const { id } = (await s.api('POST', '/api/incidents', { title: 'PAR6' })).body;
    await s.api('POST', `/api/incidents/${id}/timeline`, { text: 'Power outage | at PAR6\nsecond line', component: 'Infrastructure', occurredAt: '2026-01-01T00:00:00+01:00' });
    const read = async (tz: string) => (await (await fetch(`${s.url}/api/incidents/${id}/postmortem.md?tz=${tz}`, { headers: { Authorization: `Bearer ${await s.token('viewer')}` } })).text());
    expect(tableUnder(await read('UTC'), '## Timeline')).toEqual([['23:00 UTC', 'Infrastructure', 'Power outage \\| at PAR6<br>second line']]);
    expect(tableUnder(await read('Asia/Tokyo'), '## Timeline')[0]![0]).toBe('08:00 UTC+9');
    for (const tz of ['Mars/Olympus', 'EST5EDT']) {
      const bad = await s.api('GET', `/api/incidents/${id}/postmortem.md?tz=${tz}`);
      expect(bad.status, tz).toBe(400);
      expect(bad.body.error.field).toBe('query.tz');
    }
  });
});

/** The same value with every id (which a new instance assigns anew) left out. */
function withoutIds(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutIds);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).filter(([k]) => k !== 'id' && k !== 'incidentId').map(([k, v]) => [k, withoutIds(v)]));
}

describe('export and import', { timeout: 30_000 }, () => {
  it('export → import into another instance → export is identical apart from ids', async () => {
    const clock = new TestClock(Date.parse('2025-03-03T14:00:00Z'));
    const a = await start(clock);
    const { id } = (await a.api('POST', '/api/incidents', { title: 'PAR6 power outage', severity: 'SEV1' })).body;
    const path = `/api/incidents/${id}`;
    await a.api('POST', `${path}/timeline`, { text: 'Power outage at PAR6', component: 'Infrastructure', occurredAt: '2025-03-03T14:55:00+01:00' });
    const decision = (await a.api('POST', `${path}/timeline`, { kind: 'decision', text: 'Prioritise GitLab databases' })).body;
    await a.api('PATCH', `${path}/timeline/${decision.id}`, { version: 1, text: 'Prioritise GitLab databases first' });
    await a.api('POST', `${path}/timeline/${decision.id}/pin`, { pinned: true });
    const wrong = (await a.api('POST', `${path}/timeline`, { text: 'Ceph is fine' })).body;
    await a.api('POST', `${path}/timeline/${wrong.id}/retract`, { reason: 'it was not' });
    await a.api('POST', `${path}/timeline`, { kind: 'action', text: 'Restart the PostgreSQL add-on provider', owner: 'DBaaS' });
    await a.api('PUT', `${path}/impact`, { product: 'databases', zones: ['PAR6'], status: 'partial_outage', description: 'Some databases are down.' });
    clock.set(clock.now() + 60_000);
    await a.api('POST', `${path}/updates`, { status: 'identified', text: 'Databases in PAR6 are partly down.', publish: true });
    await a.api('POST', `${path}/updates`, { status: 'monitoring', text: 'A draft nobody published' });
    const item = (await a.api('POST', `${path}/action-items`, { area: 'Runtimes', title: 'Enforce guard I/O rules at Hypervisor level', ref: '#856' })).body.followUp;
    await a.api('PATCH', `${path}/action-items/${item.id}`, { version: 1, done: true });
    await a.api('PATCH', path, { status: 'resolved' });

    const first = await a.api('GET', `${path}/export.json`);
    expect(first.headers.get('content-disposition')).toMatch(/^attachment; filename="?incident-\d+-par6-power-outage\.json"?$/);
    const b = await start();
    const imported = await b.api('POST', '/api/incidents/import', first.body);
    expect(imported.status, JSON.stringify(imported.body)).toBe(201);
    const second = await b.api('GET', `/api/incidents/${imported.body.incident.id}/export.json`);
    expect(withoutIds(second.body)).toEqual(withoutIds(first.body));
    // It is whole: history, retraction, pin, impact history, both updates, the item.
    expect(second.body.entries.find((e: { text: string }) => e.text.startsWith('Prioritise')).revisions.map((r: { change: string }) => r.change)).toEqual(['posted', 'edited', 'pinned']);
    expect(second.body.updates.map((u: { state: string }) => u.state)).toEqual(['published', 'draft']);
    // And the copy is live: its timeline pages and searches like any other.
    const found = await b.api('GET', `/api/incidents/${imported.body.incident.id}/timeline?q=gitlab`);
    expect(found.body.entries).toHaveLength(1);
  });

  it('refuses what is not an export, naming the field, and stores nothing; a viewer may not import', async () => {
    const s = await start();
    const before = (await s.api('GET', '/api/incidents')).body.incidents.length;
    const notOurs = await s.api('POST', '/api/incidents/import', { format: 'statuspage', version: 1 });
    expect(notOurs.status).toBe(400);
    expect(notOurs.body.error).toMatchObject({ field: 'format', message: expect.stringContaining('not a Warroom incident export') });
    const { id } = (await s.api('POST', '/api/incidents', { title: 'x' })).body;
    await s.api('POST', `/api/incidents/${id}/timeline`, { text: 'one entry' });
    const good = (await s.api('GET', `/api/incidents/${id}/export.json`)).body;
    const broken = await s.api('POST', '/api/incidents/import', { ...good, entries: [{ ...good.entries[0], text: 42 }] });
    expect(broken.status).toBe(400);
    expect(broken.body.error.field).toMatch(/^entries/);
    const published = { id: 1, incidentId: id, state: 'published', status: 'identified', text: 'x', author: 'a', createdAt: good.incident.createdAt, publishedAt: null, publishedBy: null, impacts: [], version: 1 };
    const undated = await s.api('POST', '/api/incidents/import', { ...good, updates: [published] });
    expect(undated.body.error).toMatchObject({ field: 'updates[0].publishedAt' });
    const twice = await s.api('POST', '/api/incidents/import', { ...good, entries: [...good.entries, good.entries[0]] });
    expect(twice.body.error).toMatchObject({ field: 'entries[1].id' });
    const viewer = await s.api('POST', '/api/incidents/import', good, undefined, await s.token('viewer'));
    expect(viewer.status).toBe(403);
    // The file is read only for someone allowed to import: a 2 MB body from a viewer is refused, not parsed.
    const big = JSON.stringify({ ...good, padding: 'x'.repeat(2_000_000) });
    expect((await s.api('POST', '/api/incidents/import', undefined, big, await s.token('viewer'))).status).toBe(403);
    expect((await s.api('POST', '/api/incidents/import', undefined, big, null)).status).toBe(401);
    expect((await s.api('POST', '/api/incidents/import', undefined, big)).body.error).toMatchObject({ field: 'padding' });
    expect((await s.api('GET', '/api/incidents')).body.incidents.length).toBe(before + 1);
  });

  it('an imported incident publishes nowhere and takes no entries from this platform’s feeds', async () => {
    const hooked = `publishing:\n  webhooks:\n    - { id: statuspage, url: 'http://127.0.0.1:9/hook', secret: status-page-secret-0123 }\n`;
    const clock = new TestClock(Date.parse('2025-03-03T14:00:00Z'));
    const s = await start(clock, `${hooked}sources:\n  - id: push\n    type: push\n    metrics:\n      - { id: vms.missing, label: VMs missing, unit: VMs, thresholds: { warn: 1, crit: 200 } }\n`);
    const { id } = (await s.api('POST', '/api/incidents', { title: 'Live here', webhook: 'statuspage' })).body;
    const bundle = (await s.api('GET', `/api/incidents/${id}/export.json`)).body;
    expect(bundle.incident.webhook).toBe('statuspage');
    const copy = (await s.api('POST', '/api/incidents/import', bundle)).body.incident;
    expect(copy).toMatchObject({ status: 'investigating', webhook: null });
    // A threshold crossing: the kind of entry the platform's feeds write into every live incident that follows them.
    await s.api('POST', '/api/ingest', { metric: 'vms.missing', value: 0 });
    await clock.advance(1000);
    await s.api('POST', '/api/ingest', { metric: 'vms.missing', value: 2800 });
    await clock.advance(1000);
    const texts = async (incident: number) => (await s.api('GET', `/api/incidents/${incident}/timeline`)).body.entries.map((e: { kind: string }) => e.kind);
    await vi.waitFor(async () => expect(await texts(id)).toContain('metric'));
    expect(await texts(copy.id)).toEqual([]);
  });
});
