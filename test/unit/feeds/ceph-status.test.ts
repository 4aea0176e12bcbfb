import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCephStatus } from '../../../server/src/feeds/ceph/ceph-status';
import { FeedError } from '../../../server/src/feeds/observation';

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/ceph/${name}`, import.meta.url), 'utf8');
const withOsdmap = (osdmap: object) => JSON.stringify({ health: { status: 'HEALTH_OK' }, osdmap, pgmap: { num_pgs: 0 } });
/** Written by hand: JSON.stringify could not write a number JSON.parse would round. */
const withObjects = (n: string) =>
  `{"health":{"status":"HEALTH_OK"},"osdmap":{"num_osds":1,"num_up_osds":1,"num_in_osds":1},"pgmap":{"num_pgs":1,"num_objects":${n}}}`;

describe('parseCephStatus: every release from Luminous on', () => {
  it.each([
    // file, reported health, osds [total, up, in], mons [total, in quorum], pgs, degraded, misplaced ratio
    ['luminous-12.2-ok.json', 0, [12, 12, 12], [3, 3], 512, 0, 0],
    ['luminous-12.2-osd-down.json', 1, [12, 11, 12], [3, 3], 512, 15351, 0],
    ['nautilus-14.2-mon-down-rebalance.json', 1, [36, 36, 36], [3, 2], 1024, 0, 0.066632],
    ['octopus-15.2-ok.json', 0, [48, 48, 48], [5, 5], 2048, 0, 0],
    ['pacific-16.2-muted-warn-only.json', 0, [48, 48, 48], [5, 5], 2048, 0, 0],
    ['quincy-17.2-err-recovery.json', 2, [48, 36, 48], [3, 2], 1024, 1234567, 0.0152263],
    ['reef-18.2-ok-idle.json', 0, [6, 6, 6], [3, 3], 97, 0, 0],
    ['squid-19.2-no-mgr.json', 1, [6, 4, 6], [3, 3], 97, 0, 0],
  ] as const)('%s', (file, health, [total, up, inn], [mons, quorum], pgs, degraded, misplaced) => {
    const s = parseCephStatus(fixture(file));
    expect(s.reportedHealth).toBe(health);
    expect(s.osds).toEqual({ total, up, in: inn });
    expect(s.mons).toEqual({ total: mons, inQuorum: quorum });
    expect(s.pgs.total).toBe(pgs);
    expect(s.objects.degraded).toBe(degraded);
    expect(s.objects.misplacedRatio).toBe(misplaced);
    expect(s.untrusted).toEqual({});
  });

  it('reads the nested Luminous–Nautilus osdmap and the flat Octopus one alike', () => {
    const counts = { num_osds: 10, num_up_osds: 9, num_in_osds: 8 };
    const nested = parseCephStatus(withOsdmap({ osdmap: { epoch: 3, ...counts, full: false, nearfull: true } }));
    const flat = parseCephStatus(withOsdmap({ epoch: 3, ...counts, osd_up_since: 1 }));
    expect(nested.osds).toEqual({ total: 10, up: 9, in: 8 });
    expect(flat.osds).toEqual(nested.osds);
  });

  it("reads Luminous's health.status, never the overall_status its compat notice keeps at HEALTH_WARN", () => {
    const s = parseCephStatus(fixture('luminous-12.2-ok.json'));
    expect(JSON.parse(fixture('luminous-12.2-ok.json')).health.overall_status).toBe('HEALTH_WARN');
    expect(s.reportedHealth).toBe(0);
    expect(s.checks).toEqual([]);
  });

  it('keeps each check with its code, severity, message, count and mute', () => {
    const s = parseCephStatus(fixture('quincy-17.2-err-recovery.json'));
    expect(s.checks.map((c) => c.code)).toEqual([
      'MON_DOWN', 'OBJECT_MISPLACED', 'OBJECT_UNFOUND', 'OSD_DOWN', 'OSD_HOST_DOWN',
      'PG_AVAILABILITY', 'PG_DAMAGED', 'PG_DEGRADED', 'SLOW_OPS',
    ]);
    expect(s.checks.find((c) => c.code === 'OSD_DOWN')).toEqual({
      code: 'OSD_DOWN', severity: 1, message: '12 osds down', count: 12, muted: false,
    });
    expect(s.checks.find((c) => c.code === 'PG_DAMAGED')?.severity).toBe(2);
    // Before Octopus a check has no count and cannot be muted.
    expect(parseCephStatus(fixture('luminous-12.2-osd-down.json')).checks[0]).toEqual({
      code: 'OSD_DOWN', severity: 1, message: '1 osds down', count: null, muted: false,
    });
    expect(parseCephStatus(fixture('pacific-16.2-muted-warn-only.json')).checks).toEqual([
      { code: 'OSD_NEARFULL', severity: 1, message: '1 nearfull osd(s)', count: 1, muted: true },
    ]);
  });

  it('reads absent pgmap counters as zero: Ceph writes them only when non-zero', () => {
    const s = parseCephStatus(fixture('reef-18.2-ok-idle.json'));
    expect(s.objects).toEqual({
      total: 231, degraded: 0, degradedCopies: 0, degradedRatio: 0, misplaced: 0, misplacedRatio: 0, unfound: 0,
    });
    expect(s.rates).toEqual({
      recoveryObjects: 0, recoveryBytes: 0, clientReadOps: 0, clientWriteOps: 0, clientReadBytes: 0, clientWriteBytes: 0,
    });
    expect(s.pgs.inactive).toBe(0);
  });

  it('reads recovery, unfound and client I/O when present', () => {
    const s = parseCephStatus(fixture('quincy-17.2-err-recovery.json'));
    expect(s.objects).toMatchObject({ degraded: 1234567, degradedCopies: 30000000, unfound: 3 });
    expect(s.objects.degradedRatio).toBeCloseTo(0.0411522, 6);
    expect(s.rates).toEqual({
      recoveryObjects: 412, recoveryBytes: 1725513344,
      clientReadOps: 611, clientWriteOps: 140, clientReadBytes: 31457280, clientWriteBytes: 5242880,
    });
  });

  it('counts PGs by state tokens joined with +: inactive is neither active nor unknown', () => {
    expect(parseCephStatus(fixture('quincy-17.2-err-recovery.json')).pgs).toMatchObject({ total: 1024, inactive: 4, unknown: 0 });
    expect(parseCephStatus(fixture('squid-19.2-pgs-unknown.json')).pgs).toMatchObject({ total: 97, inactive: 0, unknown: 97 });
    const states = [
      { state_name: 'active+clean', count: 5 },
      { state_name: 'undersized+degraded+peered', count: 2 },
      { state_name: 'stale+down', count: 1 },
      // "inactive" is not "active": the tokens are compared whole.
      { state_name: 'creating+inactive', count: 1 },
      { state_name: 'unknown', count: 3 },
    ];
    const s = parseCephStatus(JSON.stringify({
      health: { status: 'HEALTH_WARN' }, osdmap: { num_osds: 1, num_up_osds: 1, num_in_osds: 1 },
      pgmap: { num_pgs: 12, pgs_by_state: states },
    }));
    expect(s.pgs).toMatchObject({ inactive: 4, unknown: 3 });
  });

  it('flags a uint64 counter past 2^53 instead of trusting the number JSON.parse rounded it to', () => {
    const s = parseCephStatus(fixture('reef-18.2-uint64-underflow.json'));
    expect(Object.keys(s.untrusted)).toEqual(['pgmap.degraded_objects']);
    expect(s.untrusted['pgmap.degraded_objects']).toMatch(/past 2\^53/);
  });

  it('flags 2^53 + 1, which JSON.parse silently reads as 2^53, and passes 2^53 − 1', () => {
    expect(parseCephStatus(withObjects('9007199254740993')).untrusted).toHaveProperty(['pgmap.num_objects']);
    expect(parseCephStatus(withObjects('9007199254740991')).untrusted).toEqual({});
  });

  it('ignores huge numbers in fields it does not read (Nautilus mgr_features)', () => {
    expect(fixture('nautilus-14.2-mon-down-rebalance.json')).toContain('"mgr_features": 4540138292836696063');
    expect(parseCephStatus(fixture('nautilus-14.2-mon-down-rebalance.json')).untrusted).toEqual({});
  });
});

describe('parseCephStatus: output that is not a status is a FeedError', () => {
  it.each([
    ['truncated.json', /^unparsable body: line 38 column \d+: (Unterminated string|Unexpected end of JSON input)$/],
    ['missing-comma.json', /^unparsable body: line 3 column 5: (Expected ','|Unexpected string)/],
    // A log line on stdout: "2025" parses, the rest does not.
    ['garbage.txt', /^unparsable body: line 1 column 5: /],
    ['not-a-status.json', /^unparsable body: not a ceph status: osdmap\.num_osds: .* \(and \d+ more\)$/],
  ])('%s', (file, message) => {
    expect(() => parseCephStatus(fixture(file))).toThrow(FeedError);
    expect(() => parseCephStatus(fixture(file))).toThrow(message);
  });

  it.each([
    ['', 'unparsable body: empty output'],
    ['  \n', 'unparsable body: empty output'],
    ['[]', 'unparsable body: not a ceph status: Invalid input: expected object, received array'],
    ['{"health": {"status": "HEALTH_OK"}, "osdmap": ', 'unparsable body: line 1 column 47: Unexpected end of JSON input'],
  ])('%j', (body, message) => {
    expect(() => parseCephStatus(body)).toThrow(new FeedError(message));
  });

  it('says what it saw when the output is not JSON at all', () => {
    expect(() => parseCephStatus('Error initializing cluster client: ObjectNotFound')).toThrow(
      /^unparsable body: Unexpected token 'E', .* is not valid JSON$/,
    );
  });

  it('refuses a health status Ceph does not write rather than guessing', () => {
    const body = JSON.parse(fixture('reef-18.2-ok-idle.json'));
    body.health.status = 'HEALTH_UNKNOWN';
    expect(() => parseCephStatus(JSON.stringify(body))).toThrow(/^unparsable body: not a ceph status: health\.status: /);
  });
});
