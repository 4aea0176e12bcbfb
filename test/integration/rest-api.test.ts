/** The public REST API with real payloads: docs/api.md. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startServer, type TestServer } from '../support/server';

let s: TestServer;
beforeEach(async () => {
  s = await startServer();
});
afterEach(() => s.close());

async function newIncident(body: object = { title: 'PAR6 power loss' }) {
  const res = await s.api('POST', '/api/incidents', body);
  expect(res.status).toBe(201);
  return res.body as { id: number; version: number };
}

describe('health and incidents', () => {
  it('GET /healthz', async () => {
    expect(await s.api('GET', '/healthz')).toMatchObject({ status: 200, body: { status: 'ok' } });
  });

  it('creates with defaults, lists, reads', async () => {
    const created = await newIncident();
    expect(created).toMatchObject({ title: 'PAR6 power loss', severity: 'SEV2', status: 'investigating', timeZone: 'Europe/Paris', version: 1, simulated: false });
    const list = await s.api('GET', '/api/incidents');
    expect(list.body.incidents.map((i: { id: number }) => i.id)).toEqual([created.id]);
    expect((await s.api('GET', `/api/incidents/${created.id}`)).body).toEqual(created);
  });

  it('PATCH changes status and severity and records each in the timeline, by the token\'s name', async () => {
    const { id } = await newIncident();
    const alice = await s.token('commander', { name: 'Alice (IC)' });
    const res = await s.api('PATCH', `/api/incidents/${id}`, { status: 'identified', severity: 'SEV1' }, undefined, alice);
    expect(res).toMatchObject({ status: 200, body: { status: 'identified', severity: 'SEV1', version: 2 } });
    const timeline = await s.api('GET', `/api/incidents/${id}/timeline`);
    expect(timeline.body.entries.map((e: { kind: string; text: string; author: string }) => [e.kind, e.text, e.author])).toEqual([
      ['status', 'Status changed from investigating to identified', 'Alice (IC)'],
      ['status', 'Severity changed from SEV2 to SEV1', 'Alice (IC)'],
    ]);
  });

  it('PATCH with an old version is refused and changes nothing', async () => {
    const { id } = await newIncident();
    await s.api('PATCH', `/api/incidents/${id}`, { status: 'identified' });
    const res = await s.api('PATCH', `/api/incidents/${id}`, { status: 'resolved', version: 1 });
    expect(res).toMatchObject({ status: 409, body: { error: { code: 'conflict', field: 'version' } } });
    expect((await s.api('GET', `/api/incidents/${id}`)).body.status).toBe('identified');
  });
});

describe('timeline', () => {
  it('POST stores and returns the entry; GET pages it', async () => {
    const { id } = await newIncident();
    const bob = await s.token('responder', { name: 'Bob' });
    const post = await s.api('POST', `/api/incidents/${id}/timeline`, { text: 'Power is back', component: 'Infrastructure', kind: 'action', onBehalfOf: 'Carol (on site)' }, undefined, bob);
    expect(post).toMatchObject({
      status: 201,
      body: { incidentId: id, text: 'Power is back', component: 'Infrastructure', kind: 'action', author: 'Bob', onBehalfOf: 'Carol (on site)', simulated: false },
    });
    expect(post.headers.get('idempotent-replayed')).toBeNull();
    for (let i = 0; i < 4; i++) await s.api('POST', `/api/incidents/${id}/timeline`, { text: `note ${i}` });

    const latest = await s.api('GET', `/api/incidents/${id}/timeline?limit=2`);
    expect(latest.body.entries.map((e: { text: string }) => e.text)).toEqual(['note 2', 'note 3']);
    expect(latest.body.hasMore).toBe(true);
    const older = await s.api('GET', `/api/incidents/${id}/timeline?before=${latest.body.entries[0].id}&limit=10`);
    expect(older.body).toMatchObject({ hasMore: false });
    expect(older.body.entries.map((e: { text: string }) => e.text)).toEqual(['Power is back', 'note 0', 'note 1']);
    const after = await s.api('GET', `/api/incidents/${id}/timeline?after=${post.body.id}&limit=1`);
    expect(after.body.entries.map((e: { text: string }) => e.text)).toEqual(['note 0']);
  });

  it('the same clientId stores one entry and answers with it both times', async () => {
    const { id } = await newIncident();
    const body = { text: 'Increase concurrent deployments to 400', kind: 'decision', clientId: 'ic-laptop-17' };
    const first = await s.api('POST', `/api/incidents/${id}/timeline`, body);
    const second = await s.api('POST', `/api/incidents/${id}/timeline`, body);
    expect(second.status).toBe(201);
    expect(second.body).toEqual(first.body);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect((await s.api('GET', `/api/incidents/${id}/timeline`)).body.entries).toHaveLength(1);
  });

  it('a clientId reused for different content is a conflict', async () => {
    const { id } = await newIncident();
    await s.api('POST', `/api/incidents/${id}/timeline`, { text: 'one', clientId: 'k1' });
    const res = await s.api('POST', `/api/incidents/${id}/timeline`, { text: 'two', clientId: 'k1' });
    expect(res).toMatchObject({ status: 409, body: { error: { code: 'conflict', field: 'clientId' } } });
    expect((await s.api('GET', `/api/incidents/${id}/timeline`)).body.entries.map((e: { text: string }) => e.text)).toEqual(['one']);
  });
});

describe('bad input gets a 400 naming the field, and stores nothing', () => {
  const cases: { name: string; method: string; path: (id: number) => string; body?: unknown; raw?: string; field: string }[] = [
    { name: 'incident without title', method: 'POST', path: () => '/api/incidents', body: { severity: 'SEV1' }, field: 'title' },
    { name: 'incident with blank title', method: 'POST', path: () => '/api/incidents', body: { title: '   ' }, field: 'title' },
    { name: 'unknown severity', method: 'POST', path: () => '/api/incidents', body: { title: 'x', severity: 'SEV0' }, field: 'severity' },
    { name: 'unknown time zone', method: 'POST', path: () => '/api/incidents', body: { title: 'x', timeZone: 'Mars/Olympus' }, field: 'timeZone' },
    { name: 'misspelt field', method: 'POST', path: () => '/api/incidents', body: { title: 'x', sevrity: 'SEV1' }, field: 'sevrity' },
    { name: 'PATCH with nothing to change', method: 'PATCH', path: (id) => `/api/incidents/${id}`, body: {}, field: 'body' },
    { name: 'an author in the body (it comes from the token)', method: 'POST', path: (id) => `/api/incidents/${id}/timeline`, body: { text: 'x', author: 'Mallory' }, field: 'author' },
    { name: 'PATCH to an unknown status', method: 'PATCH', path: (id) => `/api/incidents/${id}`, body: { status: 'fixed' }, field: 'status' },
    { name: 'entry without text', method: 'POST', path: (id) => `/api/incidents/${id}/timeline`, body: { kind: 'note' }, field: 'text' },
    { name: 'entry too long', method: 'POST', path: (id) => `/api/incidents/${id}/timeline`, body: { text: 'x'.repeat(4001) }, field: 'text' },
    { name: 'entry of kind status', method: 'POST', path: (id) => `/api/incidents/${id}/timeline`, body: { text: 'x', kind: 'status' }, field: 'kind' },
    { name: 'unknown component', method: 'POST', path: (id) => `/api/incidents/${id}/timeline`, body: { text: 'x', component: 'Storage' }, field: 'component' },
    { name: 'entry as an array', method: 'POST', path: (id) => `/api/incidents/${id}/timeline`, body: [{ text: 'x' }], field: 'body' },
    { name: 'malformed JSON', method: 'POST', path: (id) => `/api/incidents/${id}/timeline`, raw: '{"text": "x"', field: 'body' },
    { name: 'no JSON body', method: 'POST', path: (id) => `/api/incidents/${id}/timeline`, field: 'body' },
    { name: 'bad page limit', method: 'GET', path: (id) => `/api/incidents/${id}/timeline?limit=0`, field: 'query.limit' },
    { name: 'non-numeric incident id', method: 'GET', path: () => '/api/incidents/abc', field: 'id' },
    { name: 'sample without value', method: 'POST', path: () => '/api/ingest', body: { metric: 'vms.missing' }, field: 'value' },
    { name: 'sample with a string value', method: 'POST', path: () => '/api/ingest', body: [{ metric: 'vms.missing', value: 1 }, { metric: 'vms.missing', value: '2' }], field: '[1].value' },
    { name: 'sample with a bad metric name', method: 'POST', path: () => '/api/ingest', body: { metric: 'VMs Missing!', value: 1 }, field: 'metric' },
    { name: 'sample with a date only', method: 'POST', path: () => '/api/ingest', body: { metric: 'vms.missing', value: 1, at: '2025-03-03' }, field: 'at' },
    { name: 'empty sample batch', method: 'POST', path: () => '/api/ingest', body: [], field: 'body' },
  ];

  it.each(cases)('$name → 400 on $field', async ({ method, path, body, raw, field }) => {
    const { id } = await newIncident();
    const before = await Promise.all([s.api('GET', '/api/incidents'), s.api('GET', `/api/incidents/${id}/timeline`), s.api('GET', `/api/incidents/${id}/state`)]);
    const res = await s.api(method, path(id), body, raw);
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'bad_request', field });
    expect(res.body.error.message).toContain(field);
    const after = await Promise.all([s.api('GET', '/api/incidents'), s.api('GET', `/api/incidents/${id}/timeline`), s.api('GET', `/api/incidents/${id}/state`)]);
    expect(after[0].body).toEqual(before[0].body);
    expect(after[1].body).toEqual(before[1].body);
    expect(after[2].body.metrics).toEqual(before[2].body.metrics);
    expect(after[2].body.seq).toBe(before[2].body.seq);
  });

  it('a malformed %-escape in the path is the client\'s error, not ours', async () => {
    const res = await s.api('GET', '/api/incidents/%E0%A4%A');
    expect(res).toMatchObject({ status: 400, body: { error: { code: 'bad_request' } } });
  });

  it.each([
    ['GET', '/api/incidents/999'],
    ['PATCH', '/api/incidents/999'],
    ['GET', '/api/incidents/999/timeline'],
    ['POST', '/api/incidents/999/timeline'],
    ['GET', '/api/incidents/999/state'],
    ['GET', '/api/nothing-here'],
  ])('%s %s → 404', async (method, route) => {
    const body = method === 'GET' ? undefined : method === 'PATCH' ? { status: 'resolved' } : { text: 'x' };
    const res = await s.api(method, route, body);
    expect(res).toMatchObject({ status: 404, body: { error: { code: 'not_found' } } });
  });
});

describe('ingest and state', () => {
  it('an ingested sample shows in the incident state with its time and source', async () => {
    const { id } = await newIncident();
    const at = new Date(Date.now() - 5000).toISOString();
    const res = await s.api('POST', '/api/ingest', [
      { metric: 'vms.missing', value: 2800, at, source: 'orchestrator' },
      { metric: 'vms.missing', value: 10, at: new Date(Date.now() - 60_000).toISOString() },
    ]);
    expect(res).toMatchObject({ status: 202, body: { accepted: 1, ignored: 1 } });
    await vi.waitFor(async () => {
      const state = await s.api('GET', `/api/incidents/${id}/state`);
      const vms = state.body.metrics.find((m: { def: { id: string } }) => m.def.id === 'vms.missing');
      expect(vms).toMatchObject({ value: 2800, status: 'crit', sampledAt: Date.parse(at), source: 'orchestrator' });
    });
  });
});
