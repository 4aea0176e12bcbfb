import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';
import { pino } from 'pino';
import type { Registry } from 'prom-client';

export type LogLine = Record<string, unknown> & { msg?: string; requestId?: string };

/** A pino logger writing to memory; `next` resolves with the first line (past or future) that matches. */
export function captureLog() {
  const lines: LogLine[] = [];
  const waiting: { match: (l: LogLine) => boolean; resolve: (l: LogLine) => void }[] = [];
  const logger = pino(
    { level: 'info', base: { service: 'warroom' } },
    {
      write(chunk: string) {
        const line = JSON.parse(chunk) as LogLine;
        lines.push(line);
        for (const waiter of waiting.filter((w) => w.match(line))) {
          waiting.splice(waiting.indexOf(waiter), 1);
          waiter.resolve(line);
        }
      },
    },
  );
  const next = (match: (l: LogLine) => boolean): Promise<LogLine> => {
    const seen = lines.find(match);
    return seen ? Promise.resolve(seen) : new Promise((resolve) => waiting.push({ match, resolve }));
  };
  return { logger, lines, next };
}

/** An ad-hoc app on a loopback port 0. */
export async function listen(app: Express): Promise<{ url: string; close: () => Promise<void> }> {
  const server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** The value of one series, read through prom-client (so probes' collect runs). */
export async function valueOf(registry: Registry, name: string, labels: Record<string, string> = {}): Promise<number | undefined> {
  const metric = (await registry.getMetricsAsJSON()).find((m) => m.name === name);
  const values = (metric?.values ?? []) as { labels: Record<string, string | number>; value: number; metricName?: string }[];
  const wanted = Object.entries(labels);
  const found = values.find(
    (v) => (v.metricName ?? name) === name && wanted.every(([k, val]) => String(v.labels[k]) === val) && Object.keys(v.labels).length === wanted.length,
  );
  return found?.value;
}

/** The label sets of every series of a metric. */
export async function seriesOf(registry: Registry, name: string): Promise<Record<string, string | number>[]> {
  const metric = (await registry.getMetricsAsJSON()).find((m) => m.name === name);
  return ((metric?.values ?? []) as { labels: Record<string, string | number> }[]).map((v) => v.labels);
}
