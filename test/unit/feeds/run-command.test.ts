import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { commandName, formatBytes, formatDuration, runCommand } from '../../../server/src/feeds/command/run-command';
import { FeedError } from '../../../server/src/feeds/observation';

const FAKE = fileURLToPath(new URL('../../fixtures/ceph/fake-ceph.sh', import.meta.url));
const FIXTURE = fileURLToPath(new URL('../../fixtures/ceph/reef-18.2-ok-idle.json', import.meta.url));
/** Generous for commands that end by themselves: only reached if the runner is broken. */
const SLOW = { timeoutMs: 10_000, maxBytes: 1_000_000 };

/** Alive and not a zombie waiting to be reaped (a container's init may never reap it). */
function alive(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('runCommand', () => {
  it('resolves the stdout of a command that succeeds', async () => {
    await expect(runCommand([FAKE, 'print', 'reef-18.2-ok-idle.json'], SLOW)).resolves.toBe(readFileSync(FIXTURE, 'utf8'));
  });

  it('passes arguments as they are, with no shell to interpret them', async () => {
    await expect(runCommand([FAKE, 'print', '$(echo reef-18.2-ok-idle.json)'], SLOW)).rejects.toThrow(
      /exited with code 1: cat: .*\$\(echo reef-18\.2-ok-idle\.json\).*No such file/,
    );
  });

  it('adds the configured environment to the server’s own', async () => {
    await expect(runCommand([FAKE, 'env', 'CEPH_ARGS'], { ...SLOW, env: { CEPH_ARGS: '--id warroom' } })).resolves.toBe(
      '--id warroom\n',
    );
    // PATH is still there: `cat`, `printenv` and `sleep` in the stand-in are found through it.
    await expect(runCommand([FAKE, 'env', 'PATH'], { ...SLOW, env: { CEPH_ARGS: '' } })).resolves.not.toBe('\n');
  });

  it('kills a command that hangs, and everything it started, when the timeout passes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'warroom-run-'));
    dirs.push(dir);
    const pidFile = join(dir, 'child.pid');
    const run = runCommand([FAKE, 'hang', pidFile], { timeoutMs: 300, maxBytes: 1_000_000 });
    await expect(run).rejects.toThrow(FeedError);
    await expect(run).rejects.toThrow(/^fake-ceph\.sh hang \S+child\.pid timed out after 300 ms$/);
    const child = Number(readFileSync(pidFile, 'utf8'));
    expect(child).toBeGreaterThan(0);
    // SIGKILL is sent before the promise rejects; the kernel finishes it shortly after.
    await vi.waitFor(() => expect(alive(child)).toBe(false), { timeout: 2000, interval: 20 });
  });

  it('names a failing command’s last stderr line', async () => {
    await expect(runCommand([FAKE, 'fail'], SLOW)).rejects.toThrow(
      new FeedError('fake-ceph.sh fail exited with code 1: [errno 2] RADOS object not found (error connecting to the cluster)'),
    );
  });

  it('says which signal killed a command', async () => {
    await expect(runCommand([FAKE, 'crash'], SLOW)).rejects.toThrow(new FeedError('fake-ceph.sh crash killed by SIGSEGV'));
  });

  it('kills a command whose output passes the limit', async () => {
    // `flood` never ends: only the byte limit can stop it before the timeout.
    await expect(runCommand([FAKE, 'flood'], { timeoutMs: 10_000, maxBytes: 1_000_000 })).rejects.toThrow(
      new FeedError('fake-ceph.sh flood output larger than 1 MB'),
    );
  });

  it.each([
    [['/nonexistent/ceph', 'status'], 'command not found: /nonexistent/ceph'],
    [['warroom-no-such-command-xyz', 'status'], 'command not found: warroom-no-such-command-xyz'],
    [[FIXTURE], `permission denied: ${FIXTURE} (not executable?)`],
    [[], 'no command configured'],
  ])('fails to start %j with a message', async (argv, message) => {
    await expect(runCommand(argv, SLOW)).rejects.toThrow(new FeedError(message));
  });

  it('kills the command when its source is stopped', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'warroom-run-'));
    dirs.push(dir);
    const stop = new AbortController();
    const run = runCommand([FAKE, 'hang', join(dir, 'child.pid')], { ...SLOW, signal: stop.signal });
    stop.abort();
    await expect(run).rejects.toThrow(/^fake-ceph\.sh hang \S+ cancelled$/);
    const already = new AbortController();
    already.abort();
    await expect(runCommand([FAKE, 'print', 'x'], { ...SLOW, signal: already.signal })).rejects.toThrow('cancelled');
  });
});

describe('runCommand messages', () => {
  it.each([
    [['ceph', 'status', '--format', 'json'], 'ceph status'],
    [['/usr/bin/ceph', '-s', '-f', 'json'], 'ceph'],
    [['ceph', 'osd', 'pool', 'stats', '--format', 'json'], 'ceph osd pool'],
  ])('%j is called "%s"', (argv, name) => expect(commandName(argv)).toBe(name));

  it.each([
    [300, '300 ms'],
    [10_000, '10 s'],
    [1500, '1.5 s'],
  ])('%i ms reads "%s"', (ms, text) => expect(formatDuration(ms)).toBe(text));

  it.each([
    [1_000_000, '1 MB'],
    [1_048_576, '1 MB'],
    [65_536, '65.5 kB'],
    [512, '512 bytes'],
  ])('%i bytes read "%s"', (n, text) => expect(formatBytes(n)).toBe(text));
});
