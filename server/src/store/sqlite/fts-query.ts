/**
 * A person's search words as an FTS5 query: each word a quoted string (so `-`, `:`, `"` or
 * `OR` typed in a search box are words, never query syntax), all required, the last one a
 * prefix so results come while typing. Null when nothing searchable is left.
 */
export function ftsQuery(input: string): string | null {
  const words = input.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w));
  if (words.length === 0) return null;
  return words.map((w, i) => `"${w.replaceAll('"', '""')}"${i === words.length - 1 ? '*' : ''}`).join(' ');
}
