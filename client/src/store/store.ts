/** One store made of typed slices. Drafts persist themselves (draft-storage.ts). */
import { create } from 'zustand';
import { createConnectionSlice, type ConnectionSlice } from './connection-slice';
import { createDraftsSlice, type DraftsSlice } from './drafts-slice';
import { createFeedsSlice, type FeedsSlice } from './feeds-slice';
import { createIncidentsSlice, type IncidentsSlice } from './incidents-slice';
import { createPresenceSlice, type PresenceSlice } from './presence-slice';
import { createRoomSlice, type RoomSlice } from './room-slice';
import { createSessionSlice, type SessionSlice } from './session-slice';

export type AppState = SessionSlice & ConnectionSlice & RoomSlice & IncidentsSlice & DraftsSlice & FeedsSlice & PresenceSlice;

export const useStore = create<AppState>()((...a) => ({
  ...createSessionSlice(...a),
  ...createConnectionSlice(...a),
  ...createRoomSlice(...a),
  ...createIncidentsSlice(...a),
  ...createDraftsSlice(...a),
  ...createFeedsSlice(...a),
  ...createPresenceSlice(...a),
}));
