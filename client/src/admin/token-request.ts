/**
 * The create-token form's fields to the request body, checked here with the server's own schema
 * so a mistake is named beside its field before anything is sent.
 */
import { CreateTokenInput, type Role } from '#shared/auth';

export type TokenForm = { name: string; role: Role; source: string; expiresInDays: string; path: string };
export type TokenRequest = CreateTokenInput & { path?: string };
export type TokenField = keyof TokenForm;

/** As the server checks it (auth.routes.ts): a path of this app, for the link to open. */
const APP_PATH = /^\/[^#?\s]*$/;

export function tokenRequest(form: TokenForm): { ok: true; request: TokenRequest } | { ok: false; field: TokenField; error: string } {
  const days = form.expiresInDays.trim();
  if (days && !/^\d+$/.test(days)) return { ok: false, field: 'expiresInDays', error: 'Expires in: a whole number of days, or empty for never' };
  const path = form.path.trim();
  if (path && !APP_PATH.test(path)) return { ok: false, field: 'path', error: 'Opens: a page of this app such as /incidents/7' };
  const feed = form.role === 'feed';
  const parsed = CreateTokenInput.safeParse({
    name: form.name,
    role: form.role,
    ...(feed ? { source: form.source.trim() } : {}),
    ...(days ? { expiresInDays: Number(days) } : {}),
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = (issue.path[0] ?? 'name') as TokenField;
    return { ok: false, field, error: `${LABEL[field]}: ${FIELD_HINT[field] ?? issue.message}` };
  }
  // A feed token signs no one in: its link would open nothing.
  return { ok: true, request: { ...parsed.data, ...(path && !feed ? { path } : {}) } };
}

const LABEL: Record<TokenField, string> = { name: 'Name', role: 'Role', source: 'Source', expiresInDays: 'Expires in', path: 'Opens' };
const FIELD_HINT: Partial<Record<TokenField, string>> = {
  name: 'say whose link this is, in at most 80 characters',
  source: 'the id of a configured feed source, e.g. am-par',
  expiresInDays: 'between 1 and 3650 days, or empty for never',
};
