/** warroom.config.yaml: good files load; a bad one says which file, key path and line. */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULTS_FILE, loadFeedsConfig } from '../../../server/src/config';
import { WarroomFile } from '../../../server/src/config/warroom-file';
import { ConfigFileError, parseConfigText } from '../../../server/src/config/yaml-file';
import { sourceTypeOf } from '../../../server/src/feeds/source-types';
import { tempDir } from '../../support/server';

const parse = (yaml: string, env: NodeJS.ProcessEnv = {}) => parseConfigText('warroom.config.yaml', yaml, WarroomFile, env);
const failure = (yaml: string, env: NodeJS.ProcessEnv = {}) => {
  try {
    parse(yaml, env);
  } catch (error) {
    if (error instanceof ConfigFileError) return { keyPath: error.keyPath, line: error.line, message: error.message };
    throw error;
  }
  throw new Error('expected the file to be refused');
};

const prom = `
sources:
  - id: prom-par
    type: prometheus
    url: http://prometheus.par:9090
    interval: 15s
    metrics:
      - id: raid.rebuilding
        label: RAID rebuilds
        query: count(node_md_state{state="recovering"} == 1)
        thresholds: { warn: 1, crit: 5 }
`;

describe('the config file', () => {
  it('the shipped example loads, with every source type, the impact board and a webhook in it', () => {
    const env = { PROM_TOKEN: 't', AM_PASSWORD: 'p', WARROOM_WEBHOOK_SECRET: 'a-webhook-secret-of-some-length' };
    const file = parseConfigText('warroom.config.example.yaml', fs.readFileSync('warroom.config.example.yaml', 'utf8'), WarroomFile, env);
    expect(new Set(file.sources.map((s) => s.type))).toEqual(new Set(['push', 'prometheus', 'raid', 'alertmanager', 'ceph', 'pulsar']));
    expect(file.impact).toMatchObject({ cadence: 30 * 60_000, zones: ['PAR4', 'PAR5', 'PAR6', 'PAR7', 'PAR8', 'GOV', 'Remote'] });
    expect(file.impact.suggestions[0]).toMatchObject({ metric: 'ceph.health', status: 'crit', product: 'databases', suggest: 'degraded_performance' });
    expect(file.publishing.webhooks).toEqual([{ id: 'statuspage', url: 'https://status.example.org/hooks/warroom', secret: 'a-webhook-secret-of-some-length' }]);
  });

  it.each([
    ['a rule naming a product not configured', 'impact:\n  suggestions: [{ metric: m, above: 1, product: mainframe, zones: [PAR6], suggest: major_outage }]\n', 'impact.suggestions[0].product'],
    ['a rule naming a zone not configured', 'impact:\n  suggestions: [{ metric: m, above: 1, product: runtimes, zones: [MARS], suggest: major_outage }]\n', 'impact.suggestions[0].zones[0]'],
    ['a rule without a condition', 'impact:\n  suggestions: [{ metric: m, product: runtimes, zones: [PAR6], suggest: major_outage }]\n', 'impact.suggestions[0]'],
    ['a product id used twice', 'impact:\n  products: [{ id: a, name: A }, { id: a, name: B }]\n', 'impact.products[1].id'],
    ['a webhook secret too short', "publishing:\n  webhooks: [{ id: s, url: 'https://x.example', secret: short }]\n", 'publishing.webhooks[0].secret'],
  ])('%s is refused at its key', (_name, yaml, key) => {
    expect(() => parseConfigText('w.yaml', yaml, WarroomFile, {})).toThrow(key);
  });

  it("the issue's own example loads: defaults filled in, durations read, a metric's stale time two intervals", () => {
    const file = parse(prom);
    expect(file.demo).toBeUndefined();
    expect(file.timeline).toEqual({ feedEntriesEvery: 300_000, metricEntriesEvery: 300_000 });
    const source = file.sources[0]!;
    const [def] = sourceTypeOf(source).metricDefs(source);
    expect(def).toMatchObject({ id: 'raid.rebuilding', source: 'prom-par', staleAfterMs: 30_000, thresholds: { above: { warn: 1, crit: 5 }, below: null } });
  });

  it('JSON is accepted too', () => {
    expect(parse(JSON.stringify({ sources: [{ id: 'push', type: 'push' }] })).sources[0]).toMatchObject({ id: 'push', type: 'push' });
  });

  it('the built-in defaults are the catalogue, with the demo', () => {
    const file = loadFeedsConfig({ WARROOM_CONFIG: DEFAULTS_FILE });
    expect(file.spec.demo?.scenario).toBe('par6-2025-03-03');
    expect(file.spec.sources.map((s) => s.id)).toEqual(['push']);
  });

  it('credentials come from the environment, never the file', () => {
    const yaml = prom.replace('interval: 15s', 'interval: 15s\n    auth: { bearer: "${PROM_TOKEN}" }');
    const source = parse(yaml, { PROM_TOKEN: 's3cret' }).sources[0]!;
    expect(source).toMatchObject({ auth: { bearer: 's3cret' } });
    expect(failure(yaml)).toMatchObject({ keyPath: 'sources[0].auth.bearer', line: 7, message: expect.stringContaining('environment variable PROM_TOKEN is not set') });
  });

  it.each([
    { name: 'a wrong type', yaml: prom.replace('interval: 15s', 'interval: 15'), keyPath: 'sources[0].interval', line: 6 },
    { name: 'a bad duration', yaml: prom.replace('interval: 15s', 'interval: soon'), keyPath: 'sources[0].interval', line: 6 },
    { name: 'an unknown key', yaml: prom.replace('interval: 15s', 'intervall: 15s'), keyPath: 'sources[0].intervall', line: 6 },
    { name: 'an unknown source type', yaml: prom.replace('type: prometheus', 'type: nagios'), keyPath: 'sources[0].type', line: 4 },
    { name: 'a missing key', yaml: prom.replace('        label: RAID rebuilds\n', ''), keyPath: 'sources[0].metrics[0].label', line: 8 },
    { name: 'a bad url', yaml: prom.replace('http://prometheus.par:9090', 'prometheus.par'), keyPath: 'sources[0].url', line: 5 },
    { name: 'a bad threshold', yaml: prom.replace('{ warn: 1, crit: 5 }', '{ warn: 1, crit: many }'), keyPath: 'sources[0].metrics[0].thresholds.crit', line: 11 },
    {
      name: 'a metric id used twice',
      yaml: `sources:\n  - id: a\n    type: push\n    metrics: [{ id: vms.missing, label: A }]\n  - id: b\n    type: push\n    metrics:\n      - { id: vms.missing, label: B }\n`,
      keyPath: 'sources[1].metrics[0].id',
      line: 8,
    },
    { name: 'a source id used twice', yaml: `sources:\n  - { id: a, type: push }\n  - { id: a, type: push }\n`, keyPath: 'sources[1].id', line: 3 },
    { name: 'a limit that names no metric', yaml: `sources:\n  - id: a\n    type: push\n    metrics:\n      - { id: x, label: X, limit: nope }\n`, keyPath: 'sources[0].metrics[0].limit', line: 5 },
    { name: 'demo with both duration and speed', yaml: 'demo: { scenario: par6-2025-03-03, duration: 10m, speed: 40 }\n', keyPath: 'demo', line: 1 },
  ])('refuses $name, naming the key and the line', ({ yaml, keyPath, line }) => {
    const f = failure(yaml);
    expect(f).toMatchObject({ keyPath, line });
    expect(f.message).toMatch(new RegExp(`^warroom\\.config\\.yaml:${line}: ${keyPath.replace(/[.[\]]/g, '\\$&')}: `));
  });

  it('refuses a file that is not YAML, with its line', () => {
    expect(failure('sources:\n  - id: a\n    type: [push\n')).toMatchObject({ keyPath: '', line: 4, message: expect.stringContaining('not valid YAML') });
  });

  it('names the file it could not read', () => {
    const missing = path.join(tempDir(), 'nope.yaml');
    expect(() => loadFeedsConfig({ WARROOM_CONFIG: missing })).toThrow(`${missing}: cannot read: ENOENT`);
  });
});
