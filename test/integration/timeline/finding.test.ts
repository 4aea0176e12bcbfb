/** Search and filters run on the server, over the whole timeline, not only what a browser has loaded. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Entry } from '#shared/timeline';
import { startServer, type TestServer } from '../../support/server';

let s: TestServer;
let incidentId: number;
const texts = (res: { body: { entries: Entry[] } }) => res.body.entries.map((e) => e.text);
const get = (query: string) => s.api('GET', `/api/incidents/${incidentId}/timeline?${query}`);

beforeAll(async () => {
  s = await startServer();
  incidentId = (await s.api('POST', '/api/incidents', { title: 'PAR6 power loss' })).body.id;
  const responder = await s.token('responder', { name: 'Rita' });
  const t = `/api/incidents/${incidentId}/timeline`;
  await s.api('POST', t, { text: 'Ceph cluster degraded, PostgreSQL add-ons failing', component: 'DBaaS' });
  await s.api('POST', t, { text: 'Reboot the PostgreSQL add-on provider first', kind: 'decision', component: 'DBaaS' });
  await s.api('POST', t, { text: 'Pulsar connection storm: 48k connections', component: 'Messaging' }, undefined, responder);
  await s.api('POST', t, { text: 'Déploiements en file d’attente', component: 'Deployments' }, undefined, responder);
  await s.api('POST', t, { text: 'Status page: "partial outage" - OR NOT?', kind: 'comms', component: 'Customers' });
  // A different incident's entry never shows up.
  const other = (await s.api('POST', '/api/incidents', { title: 'other' })).body.id;
  await s.api('POST', `/api/incidents/${other}/timeline`, { text: 'PostgreSQL elsewhere' });
});
afterAll(() => s.close());

describe('GET …/timeline filters', () => {
  const cases: { query: string; expected: string[] }[] = [
    { query: 'q=postgresql', expected: ['Ceph cluster degraded, PostgreSQL add-ons failing', 'Reboot the PostgreSQL add-on provider first'] },
    { query: 'q=postgre', expected: ['Ceph cluster degraded, PostgreSQL add-ons failing', 'Reboot the PostgreSQL add-on provider first'] },
    { query: 'q=reboot%20postgresql', expected: ['Reboot the PostgreSQL add-on provider first'] },
    { query: 'q=deploiements', expected: ['Déploiements en file d’attente'] },
    { query: 'kind=decision', expected: ['Reboot the PostgreSQL add-on provider first'] },
    { query: 'component=DBaaS&kind=note', expected: ['Ceph cluster degraded, PostgreSQL add-ons failing'] },
    { query: 'author=rita', expected: ['Pulsar connection storm: 48k connections', 'Déploiements en file d’attente'] },
    { query: 'q=postgresql&author=Rita', expected: [] },
    // Query syntax typed into a search box is searched for as words, never run as syntax.
    { query: `q=${encodeURIComponent('"partial outage" - OR NOT?')}`, expected: ['Status page: "partial outage" - OR NOT?'] },
  ];
  it.each(cases)('$query', async ({ query, expected }) => {
    const res = await get(query);
    expect(res.status).toBe(200);
    expect(texts(res)).toEqual(expected);
  });

  it('a search follows an edit: the old words no longer find it, the new ones do', async () => {
    const t = `/api/incidents/${incidentId}/timeline`;
    const { id } = (await s.api('POST', t, { text: 'hypervisor kernel panic' })).body;
    await s.api('PATCH', `${t}/${id}`, { version: 1, text: 'hypervisor firmware bug' });
    expect(texts(await get('q=panic'))).toEqual([]);
    expect(texts(await get('q=firmware'))).toEqual(['hypervisor firmware bug']);
  });

  it('results page backwards with before=', async () => {
    const first = await get('component=DBaaS&limit=1');
    expect(first.body).toMatchObject({ hasMore: true });
    const older = await get(`component=DBaaS&limit=1&before=${first.body.entries[0].id}`);
    expect(texts(older)).toEqual(['Ceph cluster degraded, PostgreSQL add-ons failing']);
    expect(older.body.hasMore).toBe(false);
  });

  it('bad filters are refused, naming the field', async () => {
    for (const [query, field] of [['kind=rumour', 'query.kind'], ['component=dbaas', 'query.component'], ['pinned=yes', 'query.pinned'], ['limit=0', 'query.limit'], ['q=%2A%28%29', 'query.q'], ['colour=red', 'query.colour']]) {
      const res = await get(query!);
      expect(res.status, query).toBe(400);
      expect(res.body.error.field, query).toBe(field);
    }
  });
});
