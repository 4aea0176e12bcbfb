/**
 * `GET /metrics` in Prometheus text format, two ways: a handler the app mounts behind its auth,
 * and a listener of its own for a Prometheus that scrapes without a token, bound to an address
 * the operator chooses (loopback, or an internal interface), never to the public one by default.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RequestHandler } from 'express';
import type { Telemetry } from './telemetry';

/** Answers the exposition; a failed collection goes to Express's error handler (a 500, logged). */
export function metricsHandler(telemetry: Pick<Telemetry, 'registry'>): RequestHandler {
  return async (_req, res) => {
    const body = await telemetry.registry.metrics();
    res.setHeader('Content-Type', telemetry.registry.contentType);
    // A cached scrape would show a stalled server as a healthy one.
    res.setHeader('Cache-Control', 'no-store');
    res.send(body);
  };
}

export type MetricsListener = {
  /** The bound port (useful with port 0). */
  port: number;
  /** Stops listening and drops open scrape connections (Prometheus keeps them alive). */
  close(): Promise<void>;
};

/**
 * Serves only `GET /metrics` (and HEAD) on its own port; everything else is a 404. Plain
 * node:http: nothing of the app (sessions, auth, SPA) is reachable through this port.
 */
export function startMetricsListener({ host, port, telemetry }: { host: string; port: number; telemetry: Pick<Telemetry, 'registry'> }): Promise<MetricsListener> {
  const { registry } = telemetry;
  const server = http.createServer((req, res) => {
    const path = (req.url ?? '').split('?')[0];
    if (path !== '/metrics') return void plain(res, 404, 'Not found: this port serves /metrics only.\n');
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('Allow', 'GET, HEAD');
      return void plain(res, 405, 'Method not allowed.\n');
    }
    registry.metrics().then(
      (body) => {
        res.writeHead(200, { 'Content-Type': registry.contentType, 'Cache-Control': 'no-store' });
        res.end(req.method === 'HEAD' ? undefined : body);
      },
      () => plain(res, 500, 'Collecting the metrics failed.\n'),
    );
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve({
        port: (server.address() as AddressInfo).port,
        close: () =>
          new Promise<void>((done, fail) => {
            server.close((error) => (error ? fail(error) : done()));
            server.closeAllConnections();
          }),
      });
    });
  });
}

function plain(res: http.ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' });
  res.end(text);
}
