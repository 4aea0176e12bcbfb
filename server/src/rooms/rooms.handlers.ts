import { LeaveRequest } from '#shared/events';
import { JoinRequest } from '#shared/sync';
import type { SocketRouter, WarroomSocket } from '../sockets/socket-router';
import { roomName, type Rooms } from './rooms';

export function roomsHandlers(on: SocketRouter, socket: WarroomSocket, rooms: Rooms): void {
  on('room:join', JoinRequest, async ({ incidentId, since }) => {
    const room = await rooms.get(incidentId);
    const answer = rooms.answerJoin(room, since);
    // Same tick as the answer: every event after its seq reaches this socket (S2).
    void socket.join(roomName(incidentId));
    return answer;
  });
  on('room:leave', LeaveRequest, ({ incidentId }) => {
    void socket.leave(roomName(incidentId));
  });
}
