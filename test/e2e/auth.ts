/**
 * The e2e servers' bootstrap admin secret (their WARROOM_ADMIN_TOKEN), in one place: the
 * Playwright config gives it to the webServer, the specs that start their own servers pass it
 * on, and tests sign in with it as a person does, by opening a link.
 */
export const ADMIN_SECRET = 'wr_e2e-admin-secret-0123456789abcdef';

/** What a script sends: REST calls from the test process are not signed in by a cookie. */
export const bearer = (secret: string = ADMIN_SECRET) => ({ Authorization: `Bearer ${secret}` });

/** A role link: `path` (or a full address) with the secret in its fragment. */
export const linkTo = (path: string, secret: string = ADMIN_SECRET) => `${path}#token=${secret}`;
