/** Requests to Prometheus' HTTP API, answered as parsed data or a FeedError that says what went wrong. */
import { type Auth, fetchText } from '../http/fetch-text';
import { type PromData, parsePromResponse } from './prom-response';

export type PromConnection = { url: string; auth?: Auth | undefined; headers?: Record<string, string> | undefined };

export async function promGet(
  prom: PromConnection,
  path: '/api/v1/query' | '/api/v1/query_range',
  params: Record<string, string>,
  signal: AbortSignal,
): Promise<PromData> {
  const url = new URL(path, prom.url.endsWith('/') ? prom.url : `${prom.url}/`);
  // A path prefix in the configured URL (a Prometheus behind /prometheus/) is kept.
  url.pathname = `${new URL(prom.url).pathname.replace(/\/$/, '')}${path}`;
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
  const res = await fetchText(url.href, { signal, auth: prom.auth, headers: prom.headers });
  return parsePromResponse(url.href, res.status, res.body);
}
