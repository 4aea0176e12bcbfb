import type { StateCreator } from 'zustand';
import type { RoomState } from '#shared/sync';
import type { SyncPhase } from '../sync/room-sync';
import type { AppState } from './store';

export type RoomSlice = {
  room: RoomState | null;
  roomPhase: SyncPhase;
  roomError: string | null;
  setRoom: (room: RoomState | null, phase: SyncPhase, error?: string | null) => void;
};

export const createRoomSlice: StateCreator<AppState, [], [], RoomSlice> = (set) => ({
  room: null,
  roomPhase: 'joining',
  roomError: null,
  setRoom: (room, roomPhase, roomError = null) => set({ room, roomPhase, roomError }),
});
