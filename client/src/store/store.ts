/** One store made of typed slices. Drafts and the author name survive a reload. */
import { create } from 'zustand';
import { persist } from 'zustand/middleware';
import { createConnectionSlice, type ConnectionSlice } from './connection-slice';
import { createDraftsSlice, type DraftsSlice } from './drafts-slice';
import { createIncidentsSlice, type IncidentsSlice } from './incidents-slice';
import { createRoomSlice, type RoomSlice } from './room-slice';

export type AppState = ConnectionSlice & RoomSlice & IncidentsSlice & DraftsSlice;

export const useStore = create<AppState>()(
  persist(
    (...a) => ({
      ...createConnectionSlice(...a),
      ...createRoomSlice(...a),
      ...createIncidentsSlice(...a),
      ...createDraftsSlice(...a),
    }),
    {
      name: 'warroom',
      version: 1,
      partialize: (s) => ({ drafts: s.drafts, author: s.author }),
    },
  ),
);
