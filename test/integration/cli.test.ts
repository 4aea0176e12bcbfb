/**
 * `npm run warroom -- token …` on the server's data directory: a created link signs in, a
 * revocation from the shell disconnects the token's open socket (the server watches the store).
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, tempDir, type TestServer } from '../support/server';

const run = promisify(execFile);
const dataDir = tempDir();
const cli = async (...args: string[]) => {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'server/src/cli/warroom.ts', ...args], {
      env: { ...process.env, WARROOM_DATA_DIR: dataDir, WARROOM_PUBLIC_URL: 'https://warroom.example.org' },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
};

let s: TestServer;
beforeAll(async () => {
  s = await startServer({ dataDir });
});
afterAll(() => s.close());

describe('warroom token CLI', () => {
  it('creates a viewer link for a screen, lists it, and revokes it, disconnecting its open socket', async () => {
    const created = await cli('token', 'create', '--role', 'viewer', '--name', 'TV room 2', '--expires', '30d', '--path', '/incidents/7/wall');
    expect(created.code).toBe(0);
    const link = created.stdout.match(/https:\/\/warroom\.example\.org\/incidents\/7\/wall#token=(wr_\S+)/);
    expect(link).not.toBeNull();
    const secret = link![1]!;
    const id = created.stdout.match(/tk_[0-9a-f]{12}/)![0];

    const me = await s.api('GET', '/api/session', undefined, undefined, secret);
    expect(me.body.actor).toMatchObject({ name: 'TV room 2', role: 'viewer' });
    expect((await cli('token', 'list')).stdout).toMatch(new RegExp(`${id}\\s+viewer\\s+TV room 2.*expires`));

    const socket = await s.connect({ token: secret });
    const disconnected = new Promise((resolve) => socket.once('disconnect', resolve));
    expect((await cli('token', 'revoke', id)).code).toBe(0);
    await disconnected;
    expect((await s.api('GET', '/api/session', undefined, undefined, secret)).status).toBe(401);
  }, 60_000);

  it('refuses bad input naming the option, and stores nothing', async () => {
    const before = (await s.api('GET', '/api/tokens')).body.tokens.length;
    const badRole = await cli('token', 'create', '--role', 'dictator', '--name', 'x');
    expect(badRole.code).toBe(1);
    expect(badRole.stderr).toContain('--role: must be one of admin, commander, responder, support, viewer, feed');
    expect((await cli('token', 'create', '--role', 'feed', '--name', 'prom')).stderr).toContain('--source');
    expect((await cli('token', 'create', '--role', 'viewer', '--name', 'x', '--expires', 'soon')).stderr).toContain('--expires');
    expect((await cli('token', 'revoke', 'tk_000000000000')).stderr).toContain('not found');
    expect((await s.api('GET', '/api/tokens')).body.tokens.length).toBe(before);
  }, 60_000);
});
