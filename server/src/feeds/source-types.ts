/** Every kind of source a config can name, by its `type`. */
import { z } from 'zod';
import type { SourceType } from './feed-source';
import { CephSpec, cephSource } from './ceph/ceph.source';
import { PushSpec, pushSource } from './push/push.source';

export const SourceSpec = z.discriminatedUnion('type', [PushSpec, CephSpec]);
export type SourceSpec = z.infer<typeof SourceSpec>;

// oxlint-disable-next-line typescript/no-explicit-any -- each entry is checked against its own spec type where it is written
export const sourceTypes: Record<SourceSpec['type'], SourceType<any>> = {
  push: pushSource,
  ceph: cephSource,
};

export const sourceTypeOf = (spec: SourceSpec): SourceType<SourceSpec> => sourceTypes[spec.type];
