/**
 * The impact board: people set what customers experience, product by product and zone by zone.
 * Every change is a timeline entry stored with it, reaches every screen as `impact:changed`,
 * and goes out to the incident's webhook if it has one.
 */
import { IMPACT_LABEL, type ImpactCell, type ImpactSetup, SetImpactInput } from '#shared/impact';
import type { z } from 'zod';
import { type Actor, authorize } from '../auth/actor';
import { type Clock, isoAt } from '../clock';
import { AppError } from '../http/app-error';
import type { Rooms } from '../rooms/rooms';
import type { Store } from '../store/store';
import { recordingEntry } from './recording-entry';

/** Publishes to the incident's webhook, if it has one (publishing/outbox.ts). */
export type Publish = (incidentId: number, event: 'update.published' | 'impact.changed', data: unknown) => Promise<void>;

export class ImpactService {
  constructor(private readonly deps: { store: Store; rooms: Rooms; clock: Clock; setup: () => ImpactSetup; publish: Publish }) {}

  async set(incidentId: number, input: z.output<typeof SetImpactInput>, actor: Actor): Promise<ImpactCell[]> {
    authorize(actor, 'impact.update', 'set customer impact');
    const { products, zones } = this.deps.setup();
    const product = products.find((p) => p.id === input.product);
    if (!product) throw new AppError('bad_request', `product: no product ${input.product} is configured (${products.map((p) => p.id).join(', ')})`, 'product');
    input.zones.forEach((zone, i) => {
      if (!zones.includes(zone)) throw new AppError('bad_request', `zones[${i}]: no zone ${zone} is configured`, `zones[${i}]`);
    });
    const room = await this.deps.rooms.get(incidentId);
    const at = isoAt(this.deps.clock.now());
    const writes = [...new Set(input.zones)].map((zone) => ({ product: input.product, zone, status: input.status, description: input.description }));
    const { cells, entries } = await this.deps.store.setImpacts(incidentId, writes, actor.name, at, (changed) => {
      const where = changed.map((c) => c.zone).join(', ');
      const said = input.description ? `: ${input.description}` : '';
      return [recordingEntry('status', `Impact: ${product.name} in ${where} is ${IMPACT_LABEL[input.status].toLowerCase()}${said}`, actor, at, room.current.simulated)];
    });
    for (const entry of entries) room.publish({ type: 'timeline:posted', entry });
    for (const cell of cells) room.publish({ type: 'impact:changed', cell });
    if (cells.length > 0) {
      await this.deps.publish(incidentId, 'impact.changed', {
        product: { id: product.id, name: product.name },
        zones: cells.map((c) => c.zone),
        status: input.status,
        description: input.description,
        setBy: actor.name,
        at,
      });
    }
    return cells;
  }
}
