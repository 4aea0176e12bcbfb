/** The admin's REST calls: role links and feed tokens, and the audit log. */
import { z } from 'zod';
import { AuditEvent, CreatedToken, TokenInfo } from '#shared/auth';
import { api } from '../api/http';
import type { TokenRequest } from './token-request';

/** Audit events per page: a screenful of the newest, older ones on demand. */
export const AUDIT_PAGE = 50;

export const listTokens = async (): Promise<TokenInfo[]> => (await api.get('/api/tokens', z.object({ tokens: z.array(TokenInfo) }))).tokens;

export const createToken = (request: TokenRequest): Promise<CreatedToken> => api.post('/api/tokens', request, CreatedToken);

export const revokeToken = (id: string): Promise<TokenInfo> => api.delete(`/api/tokens/${encodeURIComponent(id)}`, TokenInfo);

/** Newest first; `before` an event id for the page older than it. */
export const auditPage = async (before?: number): Promise<AuditEvent[]> => {
  const query = new URLSearchParams({ limit: String(AUDIT_PAGE), ...(before === undefined ? {} : { before: String(before) }) });
  return (await api.get(`/api/audit?${query}`, z.object({ events: z.array(AuditEvent) }))).events;
};
