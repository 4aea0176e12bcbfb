import { LeaveRequest } from '#shared/events';
import { JoinRequest } from '#shared/sync';
import type { SocketRouter, WarroomSocket } from '../sockets/socket-router';
import { roomName, type Rooms } from './rooms';

export function roomsHandlers(on: SocketRouter, socket: WarroomSocket, rooms: Rooms): void {
  // A leave can overtake a join still loading its room; the join must not subscribe after it.
  // (Created on first join: most sockets join once and idle, and there may be thousands.)
  let wanted: Map<number, number> | undefined;
  let generation = 0;

  on('room:join', JoinRequest, async ({ incidentId, since }) => {
    const mine = ++generation;
    (wanted ??= new Map()).set(incidentId, mine);
    const room = await rooms.get(incidentId);
    const answer = rooms.answerJoin(room, since);
    // Same tick as the answer: every event after its seq reaches this socket (S2).
    if (wanted.get(incidentId) === mine) void socket.join(roomName(incidentId));
    return answer;
  });
  on('room:leave', LeaveRequest, ({ incidentId }) => {
    wanted?.delete(incidentId);
    void socket.leave(roomName(incidentId));
  });
}
