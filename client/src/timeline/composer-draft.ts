/**
 * The line being typed, not yet posted, kept per incident and token so that a reload (or a
 * crash) mid-sentence loses nothing. Posted entries are drafts of another kind (draft-storage.ts).
 */
const key = (incidentId: number, tokenId: string) => `warroom:composing:${incidentId}:${tokenId}`;

function storage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null; // storage disabled: the line lives as long as the page
  }
}

export function loadComposing(incidentId: number, tokenId: string): string {
  return storage()?.getItem(key(incidentId, tokenId)) ?? '';
}

/** Empty text forgets the key rather than storing an empty string. */
export function saveComposing(incidentId: number, tokenId: string, text: string): void {
  const s = storage();
  try {
    if (text) s?.setItem(key(incidentId, tokenId), text);
    else s?.removeItem(key(incidentId, tokenId));
  } catch {
    // Quota exceeded: the text is still in the textarea, only a reload would lose it.
  }
}
