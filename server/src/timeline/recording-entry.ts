import type { Actor } from '../auth/actor';
import type { NewEntry } from '../store/store';

/** The `status` entry the server writes to record what a person changed: an impact, a published update. */
export function recordingEntry(text: string, actor: Actor, at: string, simulated: boolean): NewEntry {
  return {
    kind: 'status',
    text,
    component: null,
    author: actor.name,
    onBehalfOf: null,
    occurredAt: at,
    loggedAt: at,
    clientId: null,
    simulated,
    action: null,
    evidence: null,
  };
}
