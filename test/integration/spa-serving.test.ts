/** The SPA as a wall screen's first load gets it: compressed, hashed assets cached for good, index.html never. */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startServer, tempDir, type TestServer } from '../support/server';

let s: TestServer;
const bundle = `console.log(${JSON.stringify('warroom '.repeat(20_000))});`;
beforeAll(async () => {
  const clientDir = tempDir();
  fs.mkdirSync(path.join(clientDir, 'assets'));
  fs.writeFileSync(path.join(clientDir, 'index.html'), '<!doctype html><title>Warroom</title><script src="/assets/index-abc123.js"></script>');
  fs.writeFileSync(path.join(clientDir, 'assets', 'index-abc123.js'), bundle);
  s = await startServer({ clientDir });
});
afterAll(() => s.close());

it('sends the hashed bundle gzip-compressed and cached for a year, immutable', async () => {
  const res = await fetch(`${s.url}/assets/index-abc123.js`, { headers: { 'Accept-Encoding': 'gzip' } });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-encoding')).toBe('gzip');
  expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
  expect(await res.text()).toBe(bundle); // fetch decodes it: the same bytes, sent smaller
});

it('sends index.html for a deep link, never cached', async () => {
  const res = await fetch(`${s.url}/incidents/3/wall`, { headers: { 'Accept-Encoding': 'gzip' } });
  expect(res.status).toBe(200);
  expect(res.headers.get('cache-control')).toBe('no-cache');
  expect(await res.text()).toContain('<title>Warroom</title>');
});

it('sends it uncompressed to a client that does not ask', async () => {
  const res = await fetch(`${s.url}/assets/index-abc123.js`, { headers: { 'Accept-Encoding': 'identity' } });
  expect(res.headers.get('content-encoding')).toBeNull();
});
