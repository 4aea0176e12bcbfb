/**
 * The public updates' REST calls. Every change also reaches every screen as a room event
 * (`update:changed`), so callers use the answers only to learn that the server said yes.
 */
import { z } from 'zod';
import { Delivery } from '#shared/deliveries';
import type { IncidentStatus } from '#shared/incident';
import { PublicUpdate } from '#shared/public-updates';
import { api, type RequestOptions } from '../api/http';

const UpdateBody = z.object({ update: PublicUpdate });
const DeliveriesBody = z.object({ deliveries: z.array(Delivery) });

const updatesPath = (incidentId: number) => `/api/incidents/${incidentId}/updates`;
const updatePath = (incidentId: number, updateId: number) => `${updatesPath(incidentId)}/${updateId}`;

type NewUpdate = { status: IncidentStatus; text: string; publish: boolean };

/**
 * The id the server knows one update by, the same for every retry of the same words: an answer
 * lost on a flapping network, then Publish pressed again, publishes once. New words, a new id.
 */
export function updateClientId(): (update: NewUpdate) => string {
  let last: { key: string; id: string } | null = null;
  return (u) => {
    const key = JSON.stringify([u.status, u.text, u.publish]);
    if (last?.key !== key) last = { key, id: `upd-${crypto.randomUUID()}` };
    return last.id;
  };
}

/** A new update: a draft, or published at once (which is public and final). */
export const createUpdate = async (incidentId: number, input: NewUpdate & { clientId?: string }): Promise<PublicUpdate> =>
  (await api.post(updatesPath(incidentId), input, UpdateBody)).update;

/** Edits a draft as the editor saw it (`version`): the server refuses a stale one with a 409. */
export const editDraft = async (incidentId: number, updateId: number, input: { version: number; status?: IncidentStatus; text?: string }): Promise<PublicUpdate> =>
  (await api.patch(updatePath(incidentId, updateId), input, UpdateBody)).update;

export const publishDraft = async (incidentId: number, updateId: number, version: number): Promise<PublicUpdate> =>
  (await api.post(`${updatePath(incidentId, updateId)}/publish`, { version }, UpdateBody)).update;

export const discardDraft = async (incidentId: number, updateId: number, version: number): Promise<PublicUpdate> =>
  (await api.post(`${updatePath(incidentId, updateId)}/discard`, { version }, UpdateBody)).update;

/** What the outgoing webhook sent and how each attempt went, newest first. */
export const listDeliveries = async (incidentId: number, options?: RequestOptions): Promise<Delivery[]> =>
  (await api.get(`/api/incidents/${incidentId}/deliveries`, DeliveriesBody, options)).deliveries;
