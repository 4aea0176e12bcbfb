/** Request ids (kept when a proxy's is well formed) and the route templates metrics and logs are labelled with. */
import express from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { isWellFormedRequestId, requestId, routeLabelOf } from '../../../server/src/observability/request-id';
import { captureLog, listen } from './support';

describe('routeLabelOf', () => {
  it.each([
    ['/api/incidents', '/api/incidents'],
    ['/api/incidents/42', '/api/incidents/:id'],
    ['/api/incidents/42/timeline?before=17&limit=50', '/api/incidents/:id/timeline'],
    ['/api/incidents/42/state', '/api/incidents/:id/state'],
    ['/api/tokens/tk_1f2e3d4c5b6a', '/api/tokens/:id'],
    ['/api/feeds/am-par/webhook', '/api/feeds/am-par/webhook'],
    ['/api/ingest', '/api/ingest'],
    ['/healthz', '/healthz'],
    ['/metrics', '/metrics'],
    ['/metrics?x=1', '/metrics'],
    // Pages and assets are one label: a client cannot mint series by inventing paths.
    ['/', 'spa'],
    ['/incidents/7/wall', 'spa'],
    ['/assets/index-3f2a.js', 'spa'],
    ['/wp-login.php', 'spa'],
  ])('%s → %s', (url, label) => {
    expect(routeLabelOf(url)).toBe(label);
  });
});

describe('isWellFormedRequestId', () => {
  it.each([
    ['3f2a9c1e-5b7d-4c2a-9e8f-1a2b3c4d5e6f', true],
    ['00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01', true],
    ['proxy.7f3a:42_x', true],
    ['a'.repeat(128), true],
    ['a'.repeat(129), false],
    ['', false],
    ['-starts-with-a-dash', false],
    ['has space', false],
    ['line\nbreak', false],
    ['../../etc/passwd', false],
    [42, false],
    [undefined, false],
  ])('%j → %s', (id, ok) => {
    expect(isWellFormedRequestId(id)).toBe(ok);
  });
});

describe('requestId middleware', () => {
  let close: (() => Promise<void>) | null = null;
  afterEach(async () => {
    await close?.();
    close = null;
  });

  async function app() {
    const log = captureLog();
    const counted: [string, string, number][] = [];
    const a = express();
    a.use(requestId({ logger: log.logger, telemetry: { httpRequest: (m, r, s) => counted.push([m, r, s]) } }));
    a.get('/healthz', (_req, res) => void res.json({ status: 'ok' }));
    a.get('/api/incidents/:id', (_req, res) => {
      res.locals.log.info('inside the handler');
      res.status(404).json({});
    });
    const server = await listen(a);
    close = server.close;
    return { url: server.url, log, counted };
  }

  it('the handler logs with the id sent back; one access line per request, with the route template', async () => {
    const { url, log, counted } = await app();
    const res = await fetch(`${url}/api/incidents/7?x=1`, { headers: { 'X-Request-Id': 'edge-1234' } });
    expect(res.headers.get('x-request-id')).toBe('edge-1234');
    expect(await log.next((l) => l.msg === 'inside the handler')).toMatchObject({ requestId: 'edge-1234' });
    expect(await log.next((l) => l.msg === 'request')).toMatchObject({ requestId: 'edge-1234', method: 'GET', route: '/api/incidents/:id', status: 404 });
    expect(counted).toEqual([['GET', '/api/incidents/:id', 404]]);
  });

  it('a malformed incoming id is replaced by a fresh one', async () => {
    const { url } = await app();
    const res = await fetch(`${url}/healthz`, { headers: { 'X-Request-Id': 'not ok' } });
    expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('probes are counted but not logged', async () => {
    const { url, log, counted } = await app();
    await fetch(`${url}/healthz`);
    await fetch(`${url}/api/incidents/1`);
    await log.next((l) => l.msg === 'request');
    expect(log.lines.filter((l) => l.msg === 'request').map((l) => l.route)).toEqual(['/api/incidents/:id']);
    expect(counted.map(([, route]) => route)).toEqual(['/healthz', '/api/incidents/:id']);
  });
});
