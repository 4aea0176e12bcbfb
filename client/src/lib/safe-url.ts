/**
 * Addresses that come from outside (an alert's generatorURL is whatever Alertmanager, or whoever
 * holds a feed token, sent) become links only if they are absolute http(s): a `javascript:` or
 * `data:` URL in an href runs when clicked, in our origin.
 */
export function httpUrl(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : null;
  } catch {
    return null; // relative, or not a URL at all: nothing to link to
  }
}
