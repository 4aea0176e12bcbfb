/**
 * Reading a role link: `<app url><path>#token=<secret>`. The secret travels in the fragment so
 * that it never reaches a server log or a Referer header; these functions only take it apart.
 */

/** The secret in a fragment such as `#token=wr_…`, or null. */
export function tokenFromFragment(fragment: string): string | null {
  const token = new URLSearchParams(fragment.replace(/^#/, '')).get('token')?.trim();
  return token ? token : null;
}

export type SignInInput = { ok: true; token: string; path: string | null } | { ok: false; error: string };

/**
 * What a person pasted into the sign-in field: the whole link (then we also open the page it
 * points to), its `#token=…` part, or the bare secret.
 */
export function parseSignInInput(text: string): SignInInput {
  const input = text.trim();
  if (!input) return { ok: false, error: 'Paste your Warroom link (or its token) first.' };
  const hashAt = input.indexOf('#');
  if (hashAt >= 0 || input.startsWith('token=')) {
    const token = tokenFromFragment(hashAt >= 0 ? input.slice(hashAt) : input);
    if (!token) return { ok: false, error: 'That link carries no token: it should end with #token=…' };
    return { ok: true, token, path: pathOf(input.slice(0, Math.max(0, hashAt))) };
  }
  if (/^[a-z]+:\/\//i.test(input)) return { ok: false, error: 'That link carries no token: it should end with #token=…' };
  if (/\s/.test(input)) return { ok: false, error: 'A token is one word: paste the link as you received it.' };
  return { ok: true, token: input, path: null };
}

/** The page a pasted link points to, if it points to one other than the start page. */
function pathOf(address: string): string | null {
  try {
    const { pathname, search } = new URL(address);
    return pathname === '/' && !search ? null : pathname + search;
  } catch {
    return null;
  }
}
