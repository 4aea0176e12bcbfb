import type { StateCreator } from 'zustand';
import type { Component, PostableKind } from '#shared/timeline';
import { forgetDraft, loadAuthor, loadDrafts, saveAuthor, saveDraft } from './draft-storage';
import type { AppState } from './store';

/** What a person typed, kept until the server confirms it: never silently dropped. */
export type Draft = {
  clientId: string;
  incidentId: number;
  text: string;
  kind: PostableKind;
  component: Component | null;
  author: string;
  createdAt: number;
  state: 'sending' | 'failed';
  error: string | null;
  /** False when the server refused it (invalid, conflict): re-sending would fail the same way. */
  retryable: boolean;
};

export type DraftsSlice = {
  drafts: Record<string, Draft>;
  author: string;
  setAuthor: (author: string) => void;
  putDraft: (draft: Draft) => void;
  removeDraft: (clientId: string) => void;
};

export const createDraftsSlice: StateCreator<AppState, [], [], DraftsSlice> = (set) => ({
  drafts: loadDrafts(),
  author: loadAuthor(),
  setAuthor: (author) => {
    saveAuthor(author);
    set({ author });
  },
  putDraft: (draft) => {
    saveDraft(draft);
    set((s) => ({ drafts: { ...s.drafts, [draft.clientId]: draft } }));
  },
  removeDraft: (clientId) => {
    forgetDraft(clientId);
    set((s) => {
      const { [clientId]: _removed, ...drafts } = s.drafts;
      return { drafts };
    });
  },
});
