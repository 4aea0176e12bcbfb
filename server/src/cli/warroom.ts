/**
 * `npm run warroom -- token create|list|revoke`: role links and feed tokens from a shell, on the
 * same data directory as the server (WARROOM_DATA_DIR). It may run while the server does: SQLite
 * serialises the writes, and the server notices a revocation within a second (AuthService.watch).
 */
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { CreateTokenInput, Role, type TokenInfo } from '#shared/auth';
import { AuthService } from '../auth/auth.service';
import { systemClock } from '../clock';
import { loadConfig } from '../config';
import { Duration } from '../config/duration';
import { AppError } from '../http/app-error';
import { createLogger } from '../logger';
import { openSqliteStore } from '../store/sqlite/sqlite-store';

const USAGE = `Usage:
  npm run warroom -- token create --role <role> --name <name> [--expires 30d] [--source <id>] [--path /incidents/7/wall]
  npm run warroom -- token list
  npm run warroom -- token revoke <token id>

Roles: admin, commander, responder, support, viewer; feed (with --source: the one feed source it may write).
The link (the app's URL with the secret in its fragment) is printed once: the secret is stored only hashed.`;

const DAY_MS = 86_400_000;

async function run(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      role: { type: 'string' },
      name: { type: 'string' },
      expires: { type: 'string' },
      source: { type: 'string' },
      path: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [noun, verb, id] = positionals;
  if (values.help || noun !== 'token' || !verb) return void console.log(USAGE);

  const config = loadConfig();
  const store = openSqliteStore(config.dataDir);
  const auth = new AuthService({ store, clock: systemClock, logger: createLogger('silent'), publicUrl: config.auth.publicUrl, sessionDays: config.auth.sessionDays });
  try {
    if (verb === 'create') {
      const expires = values.expires === undefined ? undefined : Duration.parse(values.expires);
      const input = parseInput({
        name: values.name,
        role: values.role,
        ...(values.source === undefined ? {} : { source: values.source }),
        ...(expires === undefined ? {} : { expiresInDays: Math.ceil(expires / DAY_MS) }),
      });
      const created = await auth.create(input, 'cli', values.path ?? '/');
      console.log(`Created ${describe(created.token)}\n\nToken (for scripts: Authorization: Bearer …):\n  ${created.secret}\n\nLink (shown once):\n  ${created.link}`);
    } else if (verb === 'list') {
      const tokens = await auth.list();
      console.log(tokens.length === 0 ? 'No tokens.' : tokens.map(describe).join('\n'));
    } else if (verb === 'revoke') {
      if (!id) throw new AppError('bad_request', 'token revoke: give the token id (see token list)');
      console.log(`Revoked ${describe(await auth.revoke(id, 'cli'))}`);
    } else {
      console.log(USAGE);
      process.exitCode = 2;
    }
  } finally {
    await store.close();
  }
}

function parseInput(raw: unknown): CreateTokenInput {
  const result = CreateTokenInput.safeParse(raw);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const field = issue.path.join('.') || 'input';
  throw new AppError('bad_request', `--${field}: ${field === 'role' ? `must be one of ${Role.options.join(', ')}` : issue.message}`);
}

function describe(t: TokenInfo): string {
  const state = t.revokedAt ? `revoked ${t.revokedAt}` : t.expiresAt ? `expires ${t.expiresAt}` : 'no expiry';
  const source = t.source ? ` (source ${t.source})` : '';
  return `${t.id}  ${t.role.padEnd(9)}  ${t.name}${source}  created ${t.createdAt} by ${t.createdBy}, ${state}, ${t.firstUsedAt ? `first used ${t.firstUsedAt}` : 'never used'}`;
}

run(process.argv.slice(2)).catch((error: unknown) => {
  const known = error instanceof z.ZodError ? `--expires: ${error.issues[0]?.message}` : error instanceof AppError ? error.message : null;
  console.error(known ? `warroom: ${known}` : error);
  process.exitCode = 1;
});
