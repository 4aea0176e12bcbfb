/**
 * Which Host names the server answers for, and what counts as a request from its own pages.
 * A browser attaches the session cookie to requests another site makes, so writes with a cookie
 * must come from a page of ours (Origin), and a Host we do not know is refused outright: a
 * rebound DNS name would otherwise read everything through the victim's browser.
 */
export class OriginPolicy {
  private readonly hosts: Set<string>;

  /** `hosts`: names (no ports) the server is reached by; loopback names are always allowed. */
  constructor(hosts: readonly string[]) {
    this.hosts = new Set(['localhost', '127.0.0.1', '::1', ...hosts.map((h) => h.toLowerCase())]);
  }

  hostAllowed(hostHeader: string | undefined): boolean {
    const name = hostname(hostHeader);
    return name !== null && this.hosts.has(name);
  }

  /** Whether `origin` is this server as the browser reached it (scheme, name and port). */
  sameOrigin(origin: string | undefined, hostHeader: string | undefined): boolean {
    if (!origin || !hostHeader) return false;
    try {
      return new URL(origin).host === hostHeader.toLowerCase() && this.hostAllowed(hostHeader);
    } catch {
      return false;
    }
  }
}

/** `example.org:3000` → `example.org`, `[::1]:3000` → `::1`; null when it is not a host at all. */
function hostname(hostHeader: string | undefined): string | null {
  if (!hostHeader) return null;
  try {
    return new URL(`http://${hostHeader}`).hostname.replace(/^\[|\]$/g, '').toLowerCase();
  } catch {
    return null;
  }
}
