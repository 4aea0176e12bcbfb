/**
 * The latest alert panel of each Alertmanager source, for snapshots, and its broadcast: at most
 * one a second per source (or per push interval, if longer), however many webhooks a storm
 * brings. A panel is a few kilobytes to every viewer; counts a second old tell the room as much.
 */
import type { AlertPanel } from '#shared/alerts';
import type { SourcePanel } from '#shared/sync';
import { type Clock, throttle } from '../../clock';

export class AlertPanels {
  private readonly latest = new Map<string, AlertPanel>();
  private readonly pushes = new Map<string, ReturnType<typeof throttle>>();

  constructor(private readonly deps: { clock: Clock; pushIntervalMs: number; publish: (source: string, panel: AlertPanel) => void }) {}

  set(source: string, panel: AlertPanel): void {
    this.latest.set(source, panel);
    let push = this.pushes.get(source);
    if (!push) {
      push = throttle(this.deps.clock, Math.max(1000, this.deps.pushIntervalMs), () => this.deps.publish(source, this.latest.get(source)!));
      this.pushes.set(source, push);
    }
    push();
  }

  panels(follows: (source: string) => boolean): SourcePanel[] {
    return [...this.latest].filter(([source]) => follows(source)).map(([source, panel]) => ({ source, panel }));
  }

  /** Forgets the panels of sources no longer configured (a reload removed them). */
  retain(sources: ReadonlySet<string>): void {
    for (const source of this.latest.keys()) {
      if (sources.has(source)) continue;
      this.latest.delete(source);
      this.pushes.get(source)?.cancel();
      this.pushes.delete(source);
    }
  }

  stop(): void {
    for (const push of this.pushes.values()) push.cancel();
  }
}
