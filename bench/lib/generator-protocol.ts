/** The IPC messages between a benchmark and its load generator. */
import type { Wire } from './load-client';
import type { Summary } from './stats';

export type GeneratorCommand =
  | {
      cmd: 'connect';
      base: string;
      wire: Wire;
      clients: number;
      /** Connections opened per second. */
      rampPerSec: number;
      probes: number;
      auth?: object;
      incidentId?: number;
      /** Reconnect with Socket.IO's backoff when the server goes away. */
      reconnect?: boolean;
    }
  | { cmd: 'measure' }
  /** Ends the window: broadcasts stamped from now on are not counted; those before it still may land. */
  | { cmd: 'stop' }
  | { cmd: 'report' }
  | { cmd: 'drop' }
  | { cmd: 'exit' };

export type GeneratorReport =
  | { event: 'started' }
  | { event: 'connected'; connected: number; failed: number; ms: number }
  | { event: 'measuring'; at: number }
  | { event: 'stopped'; at: number }
  | {
      event: 'report';
      viewers: number;
      connected: number;
      deliveries: number;
      broadcasts: number;
      expected: number;
      gaps: number;
      duplicates: number;
      latency: Summary;
      probeLatency: Summary;
      cpuPct: number;
      wallMs: number;
      rejoinedAt: number[];
      rejoinModes: Record<string, number>;
    };
