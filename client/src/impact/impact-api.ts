/** The impact board's REST call. The board itself follows the room's `impact:changed` events, never this answer. */
import { z } from 'zod';
import { ImpactCell, type SetImpactInput } from '#shared/impact';
import { api } from '../api/http';

const SetImpactResult = z.object({ cells: z.array(ImpactCell) });

/** Sets one product's status in one or more zones; resolves to the cells as the server stored them. */
export const setImpact = async (incidentId: number, input: SetImpactInput): Promise<ImpactCell[]> =>
  (await api.put(`/api/incidents/${incidentId}/impact`, input, SetImpactResult)).cells;
