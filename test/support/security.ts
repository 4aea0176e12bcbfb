/**
 * What the security tests need beyond `api()` and `connect()`: requests whose headers are exactly
 * the ones given (a browser's Origin, a rebound Host, a cookie, no Content-Type at all), and
 * Socket.IO connection attempts that report a refusal instead of throwing it.
 */
import http from 'node:http';
import { io } from 'socket.io-client';
import { PROTOCOL_VERSION } from '#shared/sync';
import type { ClientSocket } from '../../client/src/sync/room-sync';

export type RawResponse = {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  /** The body parsed, when it is JSON. */
  body: any;
};

/**
 * One HTTP request with node:http, which adds nothing but Host (and not even that when `headers`
 * has one) — fetch would add its own Origin, Accept and so on.
 */
export function rawRequest(
  url: string,
  o: { method?: string; path: string; headers?: Record<string, string>; body?: string; bearer?: string | null },
): Promise<RawResponse> {
  const headers: Record<string, string> = { ...o.headers };
  if (o.bearer) headers.Authorization = `Bearer ${o.bearer}`;
  if (o.body !== undefined) headers['Content-Length'] = String(Buffer.byteLength(o.body));
  return new Promise((resolve, reject) => {
    const req = http.request(url + o.path, { method: o.method ?? 'GET', headers, agent: false }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => {
        let body: unknown = null;
        if (String(res.headers['content-type'] ?? '').includes('json') && text) body = JSON.parse(text);
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, body });
      });
    });
    req.on('error', reject);
    req.end(o.body);
  });
}

/** A JSON call with a bearer token (or none): the body parsed only if the answer is JSON (`/metrics` is not). */
export function call(url: string, method: string, path: string, bearer: string | null, json?: unknown): Promise<RawResponse> {
  return rawRequest(url, {
    method,
    path,
    bearer,
    ...(json === undefined ? {} : { body: JSON.stringify(json), headers: { 'Content-Type': 'application/json' } }),
  });
}

export type RefusedConnection = Error & { data?: { code?: string } };
export type Attempt = { socket: ClientSocket; connected: true } | { socket: ClientSocket; connected: false; error: RefusedConnection };

/**
 * Tries one Socket.IO connection over the websocket transport, without retrying. `auth.token` is
 * sent only when `token` is given; `extraHeaders` go on the upgrade request (Origin, Host, Cookie).
 */
export function attemptSocket(url: string, o: { token?: string; extraHeaders?: Record<string, string> } = {}): Promise<Attempt> {
  const socket: ClientSocket = io(url, {
    auth: { protocol: PROTOCOL_VERSION, ...(o.token === undefined ? {} : { token: o.token }) },
    transports: ['websocket'],
    forceNew: true,
    reconnection: false,
    ...(o.extraHeaders ? { extraHeaders: o.extraHeaders } : {}),
  });
  return new Promise((resolve) => {
    socket.once('connect', () => resolve({ socket, connected: true }));
    socket.once('connect_error', (error: RefusedConnection) => {
      socket.close();
      resolve({ socket, connected: false, error });
    });
  });
}

/** The cookie a `Set-Cookie` header sets, as a `Cookie` header would send it back. */
export function cookieOf(setCookie: string[] | undefined, name: string): string {
  const line = setCookie?.find((c) => c.startsWith(`${name}=`));
  if (!line) throw new Error(`no ${name} cookie in ${JSON.stringify(setCookie)}`);
  return line.split(';')[0]!;
}
