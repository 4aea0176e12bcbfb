/**
 * A real node_exporter reading a crafted /proc (mdstat) and a real Prometheus scraping it,
 * on loopback, for the tests that check our PromQL and parsing against what they really do.
 * Debian packages: prometheus-node-exporter, prometheus.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type Service, startService } from './spawn-service';

/** The FEEDS.md recovery (md6), an array waiting behind it (md7), and a healthy one (md8). */
export const MDSTAT_REBUILDING = `Personalities : [raid1] [raid6] [raid5] [raid4]
md6 : active raid1 sdb2[2](F) sda2[0]
      195310144 blocks [2/1] [U_]
      [=>...................]  recovery =  8.5% (16775552/195310144) finish=17.0min speed=259783K/sec

md7 : active raid1 sdd1[1] sdc1[0]
      976630336 blocks super 1.2 [2/2] [UU]
        resync=DELAYED

md8 : active raid1 sdf1[1] sde1[0]
      104790016 blocks super 1.2 [2/2] [UU]

unused devices: <none>
`;

/** The same with md6 further on: a second reading gives the rebuild a speed, hence an ETA. */
export function mdstatWithMd6At(synced: number): string {
  const pct = ((synced / 195310144) * 100).toFixed(1);
  return MDSTAT_REBUILDING.replace('8.5% (16775552/195310144)', `${pct}% (${synced}/195310144)`);
}

export type Procfs = { dir: string; writeMdstat(text: string): void; remove(): void };

/** A temp directory standing in for /proc: the mdadm collector reads only `mdstat` from it. */
export function tempProcfs(mdstat: string): Procfs {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'warroom-procfs-'));
  // Written whole then renamed, so a scrape never reads half a file.
  const writeMdstat = (text: string) => {
    fs.writeFileSync(path.join(dir, 'mdstat.tmp'), text);
    fs.renameSync(path.join(dir, 'mdstat.tmp'), path.join(dir, 'mdstat'));
  };
  writeMdstat(mdstat);
  return { dir, writeMdstat, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

export function startNodeExporter({ procfsDir }: { procfsDir: string }): Promise<Service> {
  return startService({
    binary: '/usr/bin/prometheus-node-exporter',
    debianPackage: 'prometheus-node-exporter',
    args: (port) => [
      `--path.procfs=${procfsDir}`,
      '--collector.disable-defaults',
      '--collector.mdadm',
      `--web.listen-address=127.0.0.1:${port}`,
    ],
    readyPath: '/metrics',
  });
}

/** A scrape target: `host:port`, with labels such as `{instance: 'hv-12:9100'}` to look like a fleet. */
export type Target = string | { address: string; labels?: Record<string, string> };

function prometheusConfig(targets: Target[], scrapeInterval: string): string {
  const configs = targets.map((t) => (typeof t === 'string' ? { targets: [t] } : { targets: [t.address], labels: t.labels ?? {} }));
  // JSON is YAML: no serializer needed, and no quoting to get wrong.
  return JSON.stringify({
    global: { scrape_interval: scrapeInterval, evaluation_interval: scrapeInterval },
    scrape_configs: [{ job_name: 'node', static_configs: configs }],
  });
}

/** Prometheus with a temp config and TSDB, removed on stop(). Scrapes every target as job "node". */
export async function startPrometheus({
  targets,
  scrapeInterval = '1s',
}: {
  targets: Target[];
  scrapeInterval?: string;
}): Promise<Service> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'warroom-prometheus-'));
  fs.writeFileSync(path.join(dir, 'prometheus.yml'), prometheusConfig(targets, scrapeInterval));
  let service: Service;
  try {
    service = await startService({
      binary: '/usr/bin/prometheus',
      debianPackage: 'prometheus',
      args: (port) => [
        `--config.file=${path.join(dir, 'prometheus.yml')}`,
        `--storage.tsdb.path=${path.join(dir, 'data')}`,
        `--web.listen-address=127.0.0.1:${port}`,
      ],
      readyPath: '/-/ready',
    });
  } catch (error) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    ...service,
    stop: async () => {
      await service.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A raw API answer, as the feed's poller would get it. */
export type RawAnswer = { url: string; status: number; body: string };

export async function promGet(base: string, endpoint: 'query' | 'query_range', params: Record<string, string>): Promise<RawAnswer> {
  const url = `${base}/api/v1/${endpoint}?${new URLSearchParams(params)}`;
  const res = await fetch(url);
  return { url, status: res.status, body: await res.text() };
}

