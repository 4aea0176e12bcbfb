/**
 * Drafts live in localStorage one key each, written only when a draft changes, so two tabs
 * never overwrite each other's unsent entries. (Every tab re-sends every draft of its signed-in
 * token it finds: clientIds make that safe.)
 */
import type { Draft } from './drafts-slice';

const PREFIX = 'warroom:draft:';
/** Where the typed author name was kept before authors came from tokens. */
const LEGACY_AUTHOR = 'warroom:author';

function storage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null; // storage disabled: drafts then live as long as the page
  }
}

/** Drafts kept from before tokens carry no `tokenId`; `null` there means "not yet claimed". */
type StoredDraft = Omit<Draft, 'tokenId' | 'onBehalfOf' | 'occurredAt' | 'owner' | 'due'> &
  Partial<Pick<Draft, 'tokenId' | 'onBehalfOf' | 'occurredAt' | 'owner' | 'due'>>;

export function loadDrafts(): Record<string, Draft> {
  const s = storage();
  const drafts: Record<string, Draft> = {};
  if (!s) return drafts;
  s.removeItem(LEGACY_AUTHOR);
  for (let i = 0; i < s.length; i++) {
    const key = s.key(i);
    if (!key?.startsWith(PREFIX)) continue;
    try {
      const { author: _typedName, ...stored } = JSON.parse(s.getItem(key) ?? '') as StoredDraft & { author?: string };
      drafts[stored.clientId] = {
        ...stored,
        tokenId: stored.tokenId ?? null,
        onBehalfOf: stored.onBehalfOf ?? null,
        occurredAt: stored.occurredAt ?? null,
        owner: stored.owner ?? null,
        due: stored.due ?? null,
      };
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
