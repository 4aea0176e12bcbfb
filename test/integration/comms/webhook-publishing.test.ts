/**
 * Publishing out, end to end: an incident that names a config webhook sends each published
 * update and impact change there, signed; the delivery log shows the attempts, retries included.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, expect, it, vi } from 'vitest';
import { verifySignature } from '../../../server/src/publishing/webhook-signature';
import { feedsConfig, startServer, type TestServer } from '../../support/server';
import { TestClock } from '../../support/test-clock';

const SECRET = 'status-page-secret-0123456789';
const cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).toReversed()) await fn();
});

async function receiver(answers: number[]) {
  const requests: { headers: http.IncomingHttpHeaders; body: string }[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      requests.push({ headers: req.headers, body });
      res.writeHead(answers.shift() ?? 204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanup.push(() => new Promise((resolve) => (server.closeAllConnections(), server.close(resolve))));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/warroom`, requests };
}

async function start(clock: TestClock, url: string): Promise<TestServer> {
  const s = await startServer({ clock, feeds: feedsConfig(`publishing:\n  webhooks:\n    - { id: statuspage, url: '${url}', secret: ${SECRET} }\n`) });
  cleanup.push(() => s.close());
  return s;
}

it('sends published updates and impact changes to the incident’s webhook, signed, retried, logged', async () => {
  const clock = new TestClock(Date.parse('2025-03-03T14:00:00Z'));
  const hook = await receiver([503]);
  const s = await start(clock, hook.url);
  const unknown = await s.api('POST', '/api/incidents', { title: 'PAR6', webhook: 'slack' });
  expect(unknown.body.error).toMatchObject({ field: 'webhook', message: 'webhook: no outgoing webhook slack is configured' });
  const { id } = (await s.api('POST', '/api/incidents', { title: 'PAR6 power outage', webhook: 'statuspage' })).body;

  await s.api('PUT', `/api/incidents/${id}/impact`, { product: 'databases', zones: ['PAR6'], status: 'partial_outage', description: 'Some databases are down.' });
  await s.api('POST', `/api/incidents/${id}/updates`, { status: 'identified', text: 'Databases in PAR6 are partly down.', publish: true });
  // The first attempt got a 503: nothing more goes out until its retry, a second later, succeeds; then the update follows.
  await vi.waitFor(() => expect(hook.requests).toHaveLength(1));
  await clock.advance(1000);
  await vi.waitFor(() => expect(hook.requests).toHaveLength(3));

  const [first, retry, update] = hook.requests;
  expect(retry!.body).toBe(first!.body);
  for (const r of hook.requests) expect(verifySignature(SECRET, r.headers, r.body, clock.now())).toBe(true);
  expect(verifySignature('another-secret-0123456789', update!.headers, update!.body, clock.now())).toBe(false);
  expect(JSON.parse(first!.body)).toMatchObject({
    event: 'impact.changed',
    incidentId: id,
    data: { product: { id: 'databases' }, zones: ['PAR6'], status: 'partial_outage', description: 'Some databases are down.' },
  });
  expect(update!.headers['x-warroom-event']).toBe('update.published');
  expect(JSON.parse(update!.body).data).toMatchObject({ status: 'identified', impacts: [{ product: 'databases', zone: 'PAR6', status: 'partial_outage' }] });

  const { deliveries } = (await s.api('GET', `/api/incidents/${id}/deliveries`)).body;
  expect(deliveries.map((d: { event: string; state: string; attempts: { status: number }[] }) => [d.event, d.state, d.attempts.map((a) => a.status)])).toEqual([
    ['update.published', 'delivered', [204]],
    ['impact.changed', 'delivered', [503, 204]],
  ]);
});

it('an incident without a webhook sends nothing; naming one later starts publishing, recorded in the timeline', async () => {
  const clock = new TestClock(Date.parse('2025-03-03T14:00:00Z'));
  const hook = await receiver([]);
  const s = await start(clock, hook.url);
  const { id } = (await s.api('POST', '/api/incidents', { title: 'Quiet incident' })).body;
  await s.api('POST', `/api/incidents/${id}/updates`, { status: 'investigating', text: 'Looking into it.', publish: true });
  const patched = await s.api('PATCH', `/api/incidents/${id}`, { webhook: 'statuspage' });
  expect(patched.body.webhook).toBe('statuspage');
  await s.api('POST', `/api/incidents/${id}/updates`, { status: 'identified', text: 'Found it.', publish: true });
  await vi.waitFor(() => expect(hook.requests).toHaveLength(1));
  expect(JSON.parse(hook.requests[0]!.body).data.text).toBe('Found it.');
  const { entries } = (await s.api('GET', `/api/incidents/${id}/timeline`)).body;
  expect(entries.map((e: { text: string }) => e.text)).toContain('Public updates and impact changes now go to webhook statuspage');
});
