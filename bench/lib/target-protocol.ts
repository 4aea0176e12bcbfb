/** The IPC messages between a benchmark and the server under test (L0, L1 or L2). */
export type TargetCommand = { cmd: 'broadcast' } | { cmd: 'gc' } | { cmd: 'stats' };

export type TargetStats = { rss: number; heapUsed: number; connections: number };

export type TargetReport = { event: 'ready'; port: number } | { event: 'gc-done' } | ({ event: 'stats' } & TargetStats);

/** Answers the commands every target shares; returns false for ones it must handle itself. */
export function handleCommon(command: TargetCommand, connections: () => number): boolean {
  if (command.cmd === 'gc') {
    globalThis.gc?.();
    globalThis.gc?.();
    process.send!({ event: 'gc-done' } satisfies TargetReport);
    return true;
  }
  if (command.cmd === 'stats') {
    const m = process.memoryUsage();
    process.send!({ event: 'stats', rss: m.rss, heapUsed: m.heapUsed, connections: connections() } satisfies TargetReport);
    return true;
  }
  return false;
}

