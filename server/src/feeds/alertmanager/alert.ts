/** An alert as a book holds it, and the changes a book reports. */
import type { LabelSet } from './webhook-payload';

export type BookAlert = {
  fingerprint: string;
  labels: LabelSet;
  annotations: LabelSet;
  startsAt: number | null;
  generatorURL: string | null;
  /** Silenced or inhibited, as last listed by Alertmanager. */
  suppressed: boolean;
  /** Its FIRING was written, so its end gets a RESOLVED. */
  announced: boolean;
  /** When a webhook or reconcile last confirmed it firing. */
  seenAt: number;
};

export type AlertTransition = {
  kind: 'firing' | 'resolved';
  fingerprint: string;
  labels: LabelSet;
  annotations: LabelSet;
  startsAt: number | null;
  /** When it ended; null when a reconcile found it gone from Alertmanager's list. */
  endsAt: number | null;
  /** When Warroom learned of it. */
  at: number;
  via: 'webhook' | 'reconcile';
};
