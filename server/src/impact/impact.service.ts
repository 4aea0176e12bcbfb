/**
 * The impact board: people set what customers experience, product by product and zone by zone.
 * Every change is stored with the timeline entry recording it and the delivery announcing it to
 * the incident's webhook, then reaches every screen as `impact:changed`.
 */
import { IMPACT_LABEL, type ImpactCell, type ImpactSetup, productNamed, type SetImpactInput } from '#shared/impact';
import type { z } from 'zod';
import { type Actor, authorize } from '../auth/actor';
import { type Clock, isoAt } from '../clock';
import { AppError } from '../http/app-error';
import { announcement } from '../publishing/outbox';
import type { WebhookDeliveries } from '../publishing/webhook-deliveries';
import type { Rooms } from '../rooms/rooms';
import type { Store } from '../store/store';
import { recordingEntry } from '../timeline/recording-entry';

export type CommsDeps = { store: Store; rooms: Rooms; clock: Clock; deliveries: WebhookDeliveries };

export class ImpactService {
  constructor(private readonly deps: CommsDeps & { setup: () => ImpactSetup }) {}

  async set(incidentId: number, input: z.output<typeof SetImpactInput>, actor: Actor): Promise<ImpactCell[]> {
    authorize(actor, 'impact.update', 'set customer impact');
    const { products, zones } = this.deps.setup();
    const product = products.find((p) => p.id === input.product);
    if (!product) throw new AppError('bad_request', `product: no product ${input.product} is configured (${products.map((p) => p.id).join(', ')})`, 'product');
    input.zones.forEach((zone, i) => {
      if (!zones.includes(zone)) throw new AppError('bad_request', `zones[${i}]: no zone ${zone} is configured`, `zones[${i}]`);
    });
    const room = await this.deps.rooms.get(incidentId);
    const incident = room.current;
    const at = isoAt(this.deps.clock.now());
    const writes = [...new Set(input.zones)].map((zone) => ({ product: input.product, zone, status: input.status, description: input.description }));
    const expected = input.versions === undefined ? null : new Map(Object.entries(input.versions));
    const result = await this.deps.store.setImpacts(
      incidentId,
      writes,
      { by: actor.name, at, expected },
      (changed) => {
        const said = input.description ? `: ${input.description}` : '';
        const where = changed.map((c) => c.zone).join(', ');
        return [recordingEntry(`Impact: ${productNamed(products, product.id)} in ${where} is ${IMPACT_LABEL[input.status].toLowerCase()}${said}`, actor, at, incident.simulated)];
      },
      (changed) =>
        announcement(incident, 'impact.changed', {
          product: { id: product.id, name: product.name },
          zones: changed.map((c) => c.zone),
          status: input.status,
          description: input.description,
          setBy: actor.name,
          at,
        }, at),
    );
    if ('conflict' in result) {
      const { zone, version } = result.conflict;
      throw new AppError('conflict', `versions.${zone}: the cell changed meanwhile (now version ${version}); reload and retry`, `versions.${zone}`);
    }
    for (const entry of result.entries) room.publish({ type: 'timeline:posted', entry });
    for (const cell of result.cells) room.publish({ type: 'impact:changed', cell });
    this.deps.deliveries.accept(result.deliveries);
    return result.cells;
  }
}
