/**
 * What the signed-in role may do, for hiding what the server would refuse anyway. The server is
 * the authority (shared/auth.ts's matrix, enforced there); the UI only stops offering the rest.
 */
import { can, type Permission, type Role } from '#shared/auth';
import { PostableKind } from '#shared/timeline';
import { useStore } from '../store/store';

const KIND_PERMISSION: Record<PostableKind, Permission> = {
  note: 'entry.note',
  decision: 'entry.decision',
  action: 'entry.action',
  comms: 'entry.comms',
};

/** The kinds of entry `role` may post, in the composer's order. */
export function postableKinds(role: Role): PostableKind[] {
  return PostableKind.options.filter((kind) => can(role, KIND_PERMISSION[kind]));
}

export function useCan(permission: Permission): boolean {
  return useStore((s) => s.session.actor !== null && can(s.session.actor.role, permission));
}

export function useRole(): Role | null {
  return useStore((s) => s.session.actor?.role ?? null);
}
