/**
 * A real Alertmanager (Debian `prometheus-alertmanager`) on loopback for a test: one webhook
 * receiver pointing at the test's URL, short grouping timers so a notification arrives within
 * seconds, no gossip, state in a temp dir removed on stop.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import { type Service, startService } from './spawn-service';

export const ALERTMANAGER_BINARY = '/usr/bin/prometheus-alertmanager';

export type AlertmanagerOptions = {
  webhookUrl: string;
  /** Sent as `Authorization: Bearer …` with each webhook (a Warroom feed token). */
  bearerToken?: string;
  /** Has a dot on purpose by default: Alertmanager sends it regex-escaped (`web\.hook`). */
  receiver?: string;
  groupBy?: string[];
  /** Prometheus durations; 1s keeps a test's wait short while still exercising grouping. */
  groupWait?: string;
  groupInterval?: string;
  repeatInterval?: string;
  /** Alertmanager's `max_alerts` (0 = all): above it a payload carries `truncatedAlerts`. */
  maxAlerts?: number;
  /** Alertmanager's `inhibit_rules`, as written in its YAML. */
  inhibitRules?: { source_matchers: string[]; target_matchers: string[]; equal?: string[] }[];
};

/** What `POST /api/v2/alerts` takes (postableAlert). Times are RFC 3339. */
export type PostableAlert = {
  labels: Record<string, string>;
  annotations?: Record<string, string>;
  startsAt?: string;
  endsAt?: string;
  generatorURL?: string;
};

export type AlertmanagerProcess = Service & {
  /** The temp dir holding the config and `--storage.path`. */
  readonly dir: string;
  postAlerts(alerts: PostableAlert[]): Promise<void>;
  /** The parsed JSON of `GET <path>` (default `/api/v2/alerts`), unvalidated: the test validates it. */
  getAlerts(path?: string): Promise<unknown>;
  /** Silences alerts whose labels equal `matchers` until `endsAt` (RFC 3339); returns its id. */
  silence(matchers: Record<string, string>, endsAt: string): Promise<string>;
};

export function alertmanagerConfig(options: AlertmanagerOptions): string {
  const receiver = options.receiver ?? 'web.hook';
  return stringify({
    route: {
      receiver,
      group_by: options.groupBy ?? ['alertname'],
      group_wait: options.groupWait ?? '1s',
      group_interval: options.groupInterval ?? '1s',
      repeat_interval: options.repeatInterval ?? '1h',
    },
    receivers: [
      {
        name: receiver,
        webhook_configs: [
          {
            url: options.webhookUrl,
            send_resolved: true,
            max_alerts: options.maxAlerts ?? 0,
            ...(options.bearerToken ? { http_config: { authorization: { type: 'Bearer', credentials: options.bearerToken } } } : {}),
          },
        ],
      },
    ],
    inhibit_rules: options.inhibitRules ?? [],
  });
}

export async function startAlertmanager(options: AlertmanagerOptions): Promise<AlertmanagerProcess> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'warroom-alertmanager-'));
  const configFile = path.join(dir, 'alertmanager.yml');
  fs.writeFileSync(configFile, alertmanagerConfig(options));
  let service: Service;
  try {
    service = await startService({
      binary: ALERTMANAGER_BINARY,
      debianPackage: 'prometheus-alertmanager',
      args: (port) => [
        `--config.file=${configFile}`,
        `--storage.path=${path.join(dir, 'data')}`,
        `--web.listen-address=127.0.0.1:${port}`,
        // Empty disables clustering: no gossip port, and no settle wait before notifying.
        '--cluster.listen-address=',
        '--log.level=debug',
      ],
      readyPath: '/-/ready',
    });
  } catch (error) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw error;
  }

  async function api(route: string, body?: unknown): Promise<Response> {
    const init: RequestInit =
      body === undefined ? {} : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
    const res = await fetch(`${service.url}${route}`, init);
    if (!res.ok) throw new Error(`${init.method ?? 'GET'} ${route}: HTTP ${res.status}: ${await res.text()}\n${service.output()}`);
    return res;
  }

  return {
    ...service,
    dir,
    stop: async () => {
      await service.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
    postAlerts: async (alerts) => {
      await api('/api/v2/alerts', alerts);
    },
    getAlerts: async (route = '/api/v2/alerts') => (await api(route)).json(),
    silence: async (matchers, endsAt) => {
      const body = {
        matchers: Object.entries(matchers).map(([name, value]) => ({ name, value, isRegex: false, isEqual: true })),
        startsAt: new Date(Date.now() - 1000).toISOString(),
        endsAt,
        createdBy: 'warroom-test',
        comment: 'test silence',
      };
      return ((await (await api('/api/v2/silences', body)).json()) as { silenceID: string }).silenceID;
    },
  };
}
