import type { StateCreator } from 'zustand';
import type { Component, PostableKind } from '#shared/timeline';
import { forgetDraft, loadDrafts, saveDraft } from './draft-storage';
import type { AppState } from './store';

/** What a person typed, kept until the server confirms it: never silently dropped. */
export type Draft = {
  clientId: string;
  incidentId: number;
  text: string;
  kind: PostableKind;
  component: Component | null;
  /** Who it is written for, if not the poster (a commander logging what a caller said). */
  onBehalfOf: string | null;
  /** When it happened, if the poster backdated it (ISO 8601); null: when it is stored. */
  occurredAt: string | null;
  /** Action entries: who does it, and by when (ISO 8601). */
  owner: string | null;
  due: string | null;
  /**
   * The token it was typed under: only that token sends it, so a draft left in a shared browser
   * is never posted under the next person's name. Null: kept from before sign-in existed.
   */
  tokenId: string | null;
  createdAt: number;
  state: 'sending' | 'failed';
  error: string | null;
  /** False when the server refused it (invalid, conflict): re-sending would fail the same way. */
  retryable: boolean;
};

export type DraftsSlice = {
  drafts: Record<string, Draft>;
  putDraft: (draft: Draft) => void;
  removeDraft: (clientId: string) => void;
  /** Drafts typed before sign-in existed belong to the first token that signs in here. */
  adoptDrafts: (tokenId: string) => void;
};

export const createDraftsSlice: StateCreator<AppState, [], [], DraftsSlice> = (set, get) => ({
  drafts: loadDrafts(),
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
  adoptDrafts: (tokenId) => {
    for (const draft of Object.values(get().drafts)) if (draft.tokenId === null) get().putDraft({ ...draft, tokenId });
  },
});
