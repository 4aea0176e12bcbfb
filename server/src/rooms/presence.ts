/**
 * Who is in each incident's room right now, from Socket.IO's own room membership: a socket
 * joining or leaving a room (disconnecting included) is all it follows. Volatile: never stored,
 * never replayed; a restarted server starts empty and fills as browsers rejoin.
 */
import type { Actor } from '#shared/auth';
import { PRESENCE_EVERY_MS, type Presence, type PresentPerson } from '#shared/presence';
import { type Clock, throttle } from '../clock';

type Present = { tokenId: string; name: string; role: Actor['role'] };

export class RoomPresence {
  /** incident → socket id → who. */
  private readonly rooms = new Map<number, Map<string, Present>>();
  private readonly announcers = new Map<number, ReturnType<typeof throttle>>();

  constructor(
    private readonly deps: {
      clock: Clock;
      /** The actor of a connected socket. */
      whoIs: (socketId: string) => Actor | undefined;
      emit: (incidentId: number, presence: Presence) => void;
    },
  ) {}

  joined(incidentId: number, socketId: string): void {
    const actor = this.deps.whoIs(socketId);
    if (!actor) return;
    let room = this.rooms.get(incidentId);
    if (!room) this.rooms.set(incidentId, (room = new Map()));
    room.set(socketId, { tokenId: actor.tokenId, name: actor.name, role: actor.role });
    this.announce(incidentId);
  }

  left(incidentId: number, socketId: string): void {
    const room = this.rooms.get(incidentId);
    if (!room?.delete(socketId)) return;
    if (room.size === 0) this.rooms.delete(incidentId);
    this.announce(incidentId);
  }

  /** One line per token (a person or a screen), with how many screens it has open. */
  of(incidentId: number): Presence {
    const byToken = new Map<string, PresentPerson>();
    for (const p of this.rooms.get(incidentId)?.values() ?? []) {
      const seen = byToken.get(p.tokenId);
      if (seen) seen.screens++;
      else byToken.set(p.tokenId, { name: p.name, role: p.role, screens: 1 });
    }
    const people = [...byToken.values()].toSorted((a, b) => a.name.localeCompare(b.name));
    return { incidentId, people };
  }

  stop(): void {
    for (const a of this.announcers.values()) a.cancel();
    this.announcers.clear();
  }

  private announce(incidentId: number): void {
    let announcer = this.announcers.get(incidentId);
    if (!announcer) {
      announcer = throttle(this.deps.clock, PRESENCE_EVERY_MS, () => {
        this.deps.emit(incidentId, this.of(incidentId));
        if (!this.rooms.has(incidentId)) this.announcers.delete(incidentId);
      });
      this.announcers.set(incidentId, announcer);
    }
    announcer();
  }
}
