/** Scenario files: what a valid one resolves to, and what a wrong one says (file, key, line). */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigFileError } from '../../../server/src/config/yaml-file';
import {
  listScenarios,
  loadScenario,
  parseScenarioText,
  ScenarioNotFoundError,
} from '../../../server/src/feeds/scenario/scenario-loader';

/** A small valid scenario; tests replace one numbered line (1-based) to break it. */
const LINES = [
  'title: Test drill', // 1
  'description: A small scenario.', // 2
  'incident:', // 3
  '  title: Test incident', // 4
  '  severity: SEV2', // 5
  '  timeZone: Europe/Paris', // 6
  'recorded:', // 7
  '  date: 2025-03-03', // 8
  '  zone: CET', // 9
  'replay:', // 10
  '  start: 14:50 CET', // 11
  '  end: 15:30 CET', // 12
  'metrics:', // 13
  '  - id: queue', // 14
  '    label: Queue', // 15
  '    progress: true', // 16
  '    keyframes:', // 17
  '      - [14:55 CET, 0]', // 18
  '      - [15:05 CET, 100]', // 19
  '    gaps:', // 20
  '      - {from: 15:10 CET, to: 15:20 CET}', // 21
  '  - id: limit', // 22
  '    label: Limit', // 23
  '    hidden: true', // 24
  '    keyframes: [[14:50 CET, 500]]', // 25
  'entries:', // 26
  '  - {at: 15:00 CET, component: Infrastructure, text: First}', // 27
  '  - {at: 14:55 CET, kind: decision, text: Earlier}', // 28
  '  - {at: "15:00", text: "Bare time, same instant"}', // 29
  'statusChanges:', // 30
  '  - {at: 15:00 CET, status: identified}', // 31
];
const FILE = 'scenarios/test-drill.yaml';
const text = (changes: Record<number, string> = {}) => LINES.map((line, i) => changes[i + 1] ?? line).join('\n');
const utc = (iso: string) => Date.parse(iso);

describe('parseScenarioText', () => {
  it('resolves a valid file: instants, defaults, and one time-ordered list of steps', () => {
    const s = parseScenarioText(FILE, text());
    expect(s).toMatchObject({
      id: 'test-drill',
      title: 'Test drill',
      incident: { title: 'Test incident', severity: 'SEV2', status: 'investigating', timeZone: 'Europe/Paris' },
      recorded: { date: '2025-03-03', zone: 'CET' },
      start: utc('2025-03-03T13:50:00Z'),
      end: utc('2025-03-03T14:30:00Z'),
      durationMs: 40 * 60_000,
    });
    expect(s.metrics[0]).toMatchObject({
      id: 'queue',
      unit: '',
      hidden: false,
      decimals: 0,
      keyframes: [[utc('2025-03-03T13:55:00Z'), 0], [utc('2025-03-03T14:05:00Z'), 100]],
      gaps: [{ from: utc('2025-03-03T14:10:00Z'), to: utc('2025-03-03T14:20:00Z') }],
    });
    // Entries sorted by instant (stable: same instant keeps file order), status changes after them.
    expect(s.steps).toEqual([
      { type: 'entry', at: utc('2025-03-03T13:55:00Z'), recorded: '14:55 CET', index: 1, component: null, kind: 'decision', text: 'Earlier' },
      { type: 'entry', at: utc('2025-03-03T14:00:00Z'), recorded: '15:00 CET', index: 0, component: 'Infrastructure', kind: 'note', text: 'First' },
      // Written without a zone: read in the recorded zone, and recorded with its name.
      { type: 'entry', at: utc('2025-03-03T14:00:00Z'), recorded: '15:00 CET', index: 2, component: null, kind: 'note', text: 'Bare time, same instant' },
      { type: 'status', at: utc('2025-03-03T14:00:00Z'), recorded: '15:00 CET', index: 0, from: 'investigating', to: 'identified' },
    ]);
  });

  it.each([
    { why: 'keyframes out of order', line: 19, with: '      - [14:54 CET, 100]', error: '19: metrics[0].keyframes[1][0]: must be later than the keyframe before it (14:55 CET)' },
    { why: 'two keyframes at one instant', line: 19, with: '      - [13:55 UTC, 100]', error: '19: metrics[0].keyframes[1][0]: must be later than the keyframe before it' },
    { why: 'a keyframe before the replay', line: 18, with: '      - [14:45 CET, 0]', error: '18: metrics[0].keyframes[0][0]: 14:45 CET is outside the replay (14:50 CET to 15:30 CET)' },
    { why: 'an entry after the replay', line: 27, with: '  - {at: 15:31 CET, text: Late}', error: '27: entries[0].at: 15:31 CET is outside the replay' },
    { why: 'a status change outside', line: 31, with: '  - {at: 16:00 CET, status: resolved}', error: '31: statusChanges[0].at: 16:00 CET is outside the replay' },
    { why: 'a duplicate metric id', line: 22, with: '  - id: queue', error: "22: metrics[1].id: duplicate metric id 'queue' (also metrics[0])" },
    { why: 'a limit that is no metric', line: 16, with: '    limit: nope', error: "16: metrics[0].limit: 'nope' is not another metric of this scenario" },
    { why: 'a metric its own limit', line: 16, with: '    limit: queue', error: "16: metrics[0].limit: 'queue' is not another metric" },
    { why: 'an unknown zone', line: 27, with: '  - {at: 15:00 XYZ, text: First}', error: "27: entries[0].at: unknown zone 'XYZ'" },
    { why: 'no such time', line: 27, with: '  - {at: 25:00 CET, text: First}', error: '27: entries[0].at: 25:00 is not a time' },
    { why: 'a gap that ends first', line: 21, with: '      - {from: 15:20 CET, to: 15:10 CET}', error: '21: metrics[0].gaps[0].to: must be after from (15:20 CET)' },
    { why: 'a replay that ends first', line: 12, with: '  end: 14:40 CET', error: '12: replay.end: must be after the start (14:50 CET)' },
    { why: 'an unknown recorded zone', line: 9, with: '  zone: Mars', error: "9: recorded.zone: unknown zone 'Mars'" },
    { why: 'not a date', line: 8, with: '  date: 3 March 2025', error: '8: recorded.date: must be a date such as 2025-03-03' },
    { why: 'an unknown key', line: 24, with: '    colour: red', error: '24: metrics[1].colour: unknown key' },
    { why: 'a metric with no keyframes', line: 25, with: '    keyframes: []', error: '25: metrics[1].keyframes: needs at least one keyframe' },
    { why: 'a status it already has', line: 31, with: '  - {at: 15:00 CET, status: investigating}', error: '31: statusChanges[0].status: the incident is already investigating by then' },
    { why: 'an unknown component', line: 27, with: '  - {at: 15:00 CET, component: Storage, text: First}', error: '27: entries[0].component: Invalid option' },
    { why: 'an unknown kind', line: 28, with: '  - {at: 14:55 CET, kind: status, text: Earlier}', error: '28: entries[1].kind: Invalid option' },
    { why: 'a bad threshold', line: 16, with: '    thresholds: {warn: high}', error: '16: metrics[0].thresholds.warn: Invalid input' },
    { why: 'an empty entry text', line: 28, with: '  - {at: 14:55 CET, text: "  "}', error: '28: entries[1].text: Too small' },
    { why: 'broken YAML', line: 15, with: '    label: [Queue', error: 'not valid YAML' },
  ])('names file, line and key: $why', ({ line, with: replacement, error }) => {
    const parse = () => parseScenarioText(FILE, text({ [line]: replacement }));
    expect(parse).toThrow(ConfigFileError);
    expect(parse).toThrow(`${FILE}:${error.startsWith('not valid') ? '' : error}`);
    if (error.startsWith('not valid')) expect(parse).toThrow(error);
  });

  it('a missing key is reported at its parent', () => {
    expect(() => parseScenarioText(FILE, text({ 1: '' }))).toThrow(`${FILE}:2: title: Invalid input`);
  });

  it('reads bare times in an IANA recorded zone by its DST rules, and refuses a skipped hour', () => {
    const dst = text({ 8: '  date: 2025-03-30', 9: '  zone: Europe/Paris', 11: '  start: "01:00"', 12: '  end: "04:00"', 18: '      - ["01:30", 0]', 19: '      - ["03:30", 100]', 21: '', 20: '', 25: '    keyframes: [["01:00", 500]]', 27: '  - {at: "01:59", text: First}', 28: '  - {at: "03:00", text: Earlier}', 29: '', 31: '  - {at: "03:00", status: identified}' });
    const s = parseScenarioText(FILE, dst);
    expect(s.durationMs).toBe(2 * 3_600_000); // 01:00 CET to 04:00 CEST
    expect(s.steps.map((step) => step.recorded)).toEqual(['01:59 CET', '03:00 CEST', '03:00 CEST']);
    expect(() => parseScenarioText(FILE, dst.replace('"01:59"', '"02:30"'))).toThrow(
      `${FILE}:27: entries[0].at: 02:30 does not exist in Europe/Paris on 2025-03-30 (the clocks skipped it); write its zone, e.g. 02:30 CET`,
    );
  });
});

const dir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'warroom-scenarios-'));

describe('loadScenario / listScenarios', () => {
  it('loads by id from the directory; the file name is the id', () => {
    const d = dir();
    fs.writeFileSync(path.join(d, 'test-drill.yaml'), text());
    expect(loadScenario(d, 'test-drill')).toMatchObject({ id: 'test-drill', title: 'Test drill' });
    expect(listScenarios(d)).toEqual({
      scenarios: [{ id: 'test-drill', title: 'Test drill', description: 'A small scenario.', date: '2025-03-03', durationMs: 40 * 60_000 }],
      broken: [],
    });
  });

  it.each(['nope', '../scenarios/test-drill', 'test-drill.yaml', '', 'Test-Drill'])('no scenario %j', (id) => {
    const d = dir();
    fs.writeFileSync(path.join(d, 'test-drill.yaml'), text());
    expect(() => loadScenario(d, id)).toThrow(ScenarioNotFoundError);
  });

  it('an id never reaches outside the directory', () => {
    const d = dir();
    fs.mkdirSync(path.join(d, 'scenarios'));
    fs.writeFileSync(path.join(d, 'outside.yaml'), text());
    expect(() => loadScenario(path.join(d, 'scenarios'), '../outside')).toThrow(ScenarioNotFoundError);
    expect(loadScenario(d, 'outside').title).toBe('Test drill');
  });

  it('a broken file is an error with its path and line; the list names it apart and keeps the good ones', () => {
    const d = dir();
    fs.writeFileSync(path.join(d, 'a-good.yaml'), text());
    fs.writeFileSync(path.join(d, 'b-bad.yaml'), text({ 9: '  zone: Mars' }));
    const message = `${path.join(d, 'b-bad.yaml')}:9: recorded.zone: unknown zone 'Mars'`;
    expect(() => loadScenario(d, 'b-bad')).toThrow(message);
    const listed = listScenarios(d);
    expect(listed.scenarios.map((x) => x.id)).toEqual(['a-good']);
    expect(listed.broken.map((e) => e.message)).toEqual([expect.stringContaining(message)]);
  });

  it('a file whose name is no scenario id is named as broken, not skipped silently', () => {
    const d = dir();
    fs.writeFileSync(path.join(d, 'Bad Name.yaml'), text());
    fs.writeFileSync(path.join(d, 'notes.txt'), 'not a scenario');
    expect(listScenarios(d).broken[0]!.message).toMatch(/Bad Name\.yaml: the file name is the scenario id/);
  });
});
