/**
 * Tokens (role links for people and screens, feed tokens for scripts), the sessions a link is
 * exchanged for, revocation, and the audit log of security events. Secrets are stored hashed;
 * every write resolves once committed, so an acknowledged token exists after a crash.
 */
import type { Actor, AuditEvent, CreatedToken, CreateTokenInput, TokenInfo } from '#shared/auth';
import { type Cancel, type Clock, every, isoAt } from '../clock';
import { AppError } from '../http/app-error';
import type { Logger } from '../logger';
import type { Store, StoredToken } from '../store/store';
import { hashSecret, newSecret, newTokenId } from './secrets';

export type AuthDeps = {
  store: Store;
  clock: Clock;
  logger: Logger;
  /** The app's address as people open it: links are made from it. */
  publicUrl: string;
  sessionDays: number;
};

/** How often tokens revoked elsewhere (the CLI) or expired are looked for: "within a second". */
const WATCH_MS = 500;
/** How often ended sessions are deleted: each sign-in adds a row, and a TV reopening its link daily adds one a day. */
const PRUNE_MS = 3_600_000;
const DAY = 86_400_000;

export class AuthService {
  private readonly actors = new Map<string, Actor>();
  private readonly used = new Set<string>();
  private readonly denied = new Map<string, number>();
  private readonly revokedListeners: ((tokenId: string) => void)[] = [];
  private watching: Cancel[] = [];

  constructor(private readonly deps: AuthDeps) {}

  /**
   * `WARROOM_ADMIN_TOKEN`'s admin token exists (made once from it); with none configured, a first
   * start creates an admin token and resolves its link, to be printed once.
   */
  async bootstrap(adminSecret: string | null): Promise<string | null> {
    const { store } = this.deps;
    if (adminSecret) {
      const existing = await store.tokenByHash(hashSecret(adminSecret));
      if (!existing) await this.insert({ name: 'bootstrap admin', role: 'admin' }, 'WARROOM_ADMIN_TOKEN', adminSecret);
      // A revocation stands: a leaked secret must not come back to life with a restart.
      else if (existing.revokedAt) this.deps.logger.warn('WARROOM_ADMIN_TOKEN was revoked: it signs nobody in; set a new secret to bootstrap an admin');
      return null;
    }
    if ((await store.countTokens()) > 0) return null;
    return (await this.create({ name: 'first admin', role: 'admin' }, 'first start')).link;
  }

  /** Creates a token; its secret and link are in the answer and nowhere else. */
  async create(input: CreateTokenInput, by: string, path = '/'): Promise<CreatedToken> {
    const secret = newSecret();
    const token = await this.insert(input, by, secret);
    const link = `${this.deps.publicUrl.replace(/\/$/, '')}${path}#token=${secret}`;
    return { token, secret, link };
  }

  list(): Promise<TokenInfo[]> {
    return this.deps.store.listTokens();
  }

  async revoke(id: string, by: string): Promise<TokenInfo> {
    const token = await this.deps.store.revokeToken(id, isoAt(this.deps.clock.now()));
    if (!token) throw AppError.notFound(`token ${id}`);
    await this.audit('token.revoked', token, `token ${id}`, `revoked by ${by}`);
    this.forget(id);
    return token;
  }

  /** The actor of a bearer secret (a script's, or a link's before it is exchanged). */
  async actorForSecret(secret: string): Promise<Actor> {
    return this.actorOf(await this.deps.store.tokenByHash(hashSecret(secret)));
  }

  /** The actor of a session cookie's value. */
  async actorForSession(value: string): Promise<Actor> {
    const session = await this.deps.store.sessionByHash(hashSecret(value));
    if (!session || Date.parse(session.expiresAt) <= this.deps.clock.now()) throw unauthorized('your session has ended: open your link again');
    return this.actorOf(await this.deps.store.tokenById(session.tokenId));
  }

  /** Exchanges a link's secret for a session: resolves the cookie's value, its actor and when it ends. */
  async startSession(secret: string): Promise<{ value: string; actor: Actor; expiresAt: number }> {
    const actor = await this.actorForSecret(secret);
    if (actor.role === 'feed') throw new AppError('forbidden', 'a feed token is for scripts (Authorization: Bearer), not for signing in');
    const value = newSecret();
    const now = this.deps.clock.now();
    const token = await this.deps.store.tokenById(actor.tokenId);
    const expiresAt = Math.min(now + this.deps.sessionDays * DAY, token?.expiresAt ? Date.parse(token.expiresAt) : Infinity);
    await this.deps.store.createSession({ hash: hashSecret(value), tokenId: actor.tokenId, createdAt: isoAt(now), expiresAt: isoAt(expiresAt) });
    await this.audit('session.started', actor, 'POST /api/session', 'signed in with a link');
    return { value, actor, expiresAt };
  }

  async endSession(value: string): Promise<void> {
    await this.deps.store.deleteSession(hashSecret(value));
  }

  /** Calls `listener` with every token revoked or expired, here or by the CLI, within a second. */
  onRevoked(listener: (tokenId: string) => void): void {
    this.revokedListeners.push(listener);
  }

  /**
   * Watches the store for tokens revoked by another process (the CLI) and for tokens expiring,
   * and deletes ended sessions once an hour.
   */
  watch(): void {
    let since = isoAt(this.deps.clock.now());
    this.watching.push(every(this.deps.clock, PRUNE_MS, () => void this.pruneSessions()));
    this.watching.push(every(this.deps.clock, WATCH_MS, () => {
      const now = isoAt(this.deps.clock.now());
      void this.deps.store.revokedSince(since).then((ids) => ids.forEach((id) => this.forget(id)));
      // Each token in use is also read back: a revocation the CLI stamped before `since` but
      // committed after the last look (its fsync, another writer) is missed by the query above.
      for (const actor of this.actors.values()) void this.dropIfEnded(actor.tokenId);
      since = now;
    }));
  }

  stop(): void {
    for (const cancel of this.watching.splice(0)) cancel();
  }

  /** Deletes sessions that ended or whose token was revoked; a failure is logged and tried again next time. */
  async pruneSessions(): Promise<number> {
    try {
      return await this.deps.store.pruneSessions(isoAt(this.deps.clock.now()));
    } catch (error) {
      this.deps.logger.error({ err: error }, 'could not delete ended sessions');
      return 0;
    }
  }

  /**
   * Records a security event; never rejects (a lost audit line is logged, it must not fail the
   * request). The same denial repeated within a minute is recorded once: a flood of refused
   * requests must not become a flood of writes.
   */
  async audit(kind: AuditEvent['kind'], who: Pick<Actor, 'name' | 'role'> & { tokenId?: string; id?: string } | null, target: string, detail: string): Promise<void> {
    if (kind === 'denied' && this.recentlyDenied(`${who?.tokenId ?? '-'} ${target} ${detail}`)) return;
    try {
      await this.deps.store.appendAudit({
        at: isoAt(this.deps.clock.now()),
        kind,
        tokenId: who?.tokenId ?? who?.id ?? null,
        name: who?.name ?? null,
        role: who?.role ?? null,
        target,
        detail: detail.slice(0, 500),
      });
    } catch (error) {
      this.deps.logger.error({ err: error, kind, target }, 'could not write an audit event');
    }
  }

  private recentlyDenied(key: string): boolean {
    const now = this.deps.clock.now();
    const last = this.denied.get(key);
    if (last !== undefined && now - last < 60_000) return true;
    this.denied.delete(key);
    this.denied.set(key, now);
    if (this.denied.size > 1000) this.denied.delete(this.denied.keys().next().value as string);
    return false;
  }

  listAudit(page: { before?: number; limit: number }): Promise<AuditEvent[]> {
    return this.deps.store.listAudit(page);
  }

  private async insert(input: CreateTokenInput, by: string, secret: string): Promise<TokenInfo> {
    const now = this.deps.clock.now();
    const token = await this.deps.store.createToken({
      id: newTokenId(),
      name: input.name,
      role: input.role,
      source: input.source ?? null,
      hash: hashSecret(secret),
      createdAt: isoAt(now),
      createdBy: by,
      expiresAt: input.expiresInDays ? isoAt(now + input.expiresInDays * DAY) : null,
      revokedAt: null,
      firstUsedAt: null,
    });
    await this.audit('token.created', token, `token ${token.id}`, `${token.role} token "${token.name}" created by ${by}`);
    return token;
  }

  private async actorOf(token: StoredToken | null): Promise<Actor> {
    if (!token) throw unauthorized('unknown token');
    if (token.revokedAt) throw unauthorized('this link was revoked');
    if (token.expiresAt && Date.parse(token.expiresAt) <= this.deps.clock.now()) throw unauthorized('this link has expired');
    if (!token.firstUsedAt && !this.used.has(token.id)) {
      this.used.add(token.id);
      if (await this.deps.store.markTokenUsed(token.id, isoAt(this.deps.clock.now()))) {
        await this.audit('token.first_use', token, `token ${token.id}`, 'used for the first time');
      }
    }
    // One object per token, however many sockets hold it (15,000 viewers of one TV link).
    let actor = this.actors.get(token.id);
    if (!actor) this.actors.set(token.id, (actor = { tokenId: token.id, name: token.name, role: token.role, source: token.source }));
    return actor;
  }

  private async dropIfEnded(tokenId: string): Promise<void> {
    const token = await this.deps.store.tokenById(tokenId);
    if (!this.actors.has(tokenId)) return;
    if (!token || token.revokedAt || (token.expiresAt && Date.parse(token.expiresAt) <= this.deps.clock.now())) this.forget(tokenId);
  }

  private forget(tokenId: string): void {
    this.actors.delete(tokenId);
    for (const listener of this.revokedListeners) listener(tokenId);
  }
}

const unauthorized = (message: string) => new AppError('unauthorized', message);
