/**
 * Drafts live in localStorage one key each, written only when a draft changes, so two tabs
 * never overwrite each other's unsent entries. (Every tab re-sends every draft it finds:
 * clientIds make that safe.)
 */
import type { Draft } from './drafts-slice';

const PREFIX = 'warroom:draft:';
const AUTHOR = 'warroom:author';

function storage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null; // storage disabled: drafts then live as long as the page
  }
}

export function loadDrafts(): Record<string, Draft> {
  const s = storage();
  const drafts: Record<string, Draft> = {};
  if (!s) return drafts;
  for (let i = 0; i < s.length; i++) {
    const key = s.key(i);
    if (!key?.startsWith(PREFIX)) continue;
    try {
      const draft = JSON.parse(s.getItem(key) ?? '') as Draft;
      drafts[draft.clientId] = draft;
    } catch {
      s.removeItem(key);
    }
  }
  return drafts;
}

export function saveDraft(draft: Draft): void {
  storage()?.setItem(PREFIX + draft.clientId, JSON.stringify(draft));
}

export function forgetDraft(clientId: string): void {
  storage()?.removeItem(PREFIX + clientId);
}

export function loadAuthor(): string {
  return storage()?.getItem(AUTHOR) ?? '';
}

export function saveAuthor(author: string): void {
  storage()?.setItem(AUTHOR, author);
}
