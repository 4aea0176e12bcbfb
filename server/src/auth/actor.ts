/** Who does what, carried with every request and socket event from the auth middleware down. */
import { type Actor, can, type Permission } from '#shared/auth';
import { AppError } from '../http/app-error';

export type { Actor };

/** What a handler passes to a service: the actor (from the token) and the request id (for logs). */
export type RequestContext = { actor: Actor; requestId: string };

/** The server's own writers (drills, feeds): not tokens, never checked, named in what they write. */
export const systemActor = (name: string): Actor => ({ tokenId: `system:${name}`, name, role: 'admin', source: null });

/** Throws `forbidden`, naming the role and what it may not do; the transport records it in the audit log. */
export function authorize(actor: Actor, permission: Permission, what: string = permission): void {
  if (!can(actor.role, permission)) throw new AppError('forbidden', `the ${actor.role} role may not ${what}`);
}
