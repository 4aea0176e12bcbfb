/**
 * A stand-in HTTP endpoint on loopback for sources that do not run on these machines (Ceph's
 * status over HTTP, Pulsar brokers): it serves what the test sets, and can be stopped and
 * started again on the same port to play a source that dies and comes back.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export type Reply = { status?: number; body: string; contentType?: string };

export class FixtureServer {
  private server: http.Server | null = null;
  private port = 0;
  reply: Reply = { status: 200, body: '' };
  requests = 0;

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<this> {
    const server = http.createServer((_req, res) => {
      this.requests++;
      res.writeHead(this.reply.status ?? 200, { 'content-type': this.reply.contentType ?? 'application/json' });
      res.end(this.reply.body);
    });
    await new Promise<void>((resolve) => server.listen(this.port, '127.0.0.1', resolve));
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
    return this;
  }

  /** Refuses connections from now on (the port stays ours to start again). */
  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
