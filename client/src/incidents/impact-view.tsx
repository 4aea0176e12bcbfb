import { DeliveryLog } from '../comms/delivery-log';
import { PublicUpdatesPanel } from '../comms/public-updates-panel';
import { FollowUpsPanel } from '../follow-ups/follow-ups-panel';
import { ImpactBoard } from '../impact/impact-board';
import { ImpactSuggestions } from '../impact/impact-suggestions';

/**
 * What customers experience and what they were told, side by side: the board (with what the
 * feeds suggest) on the left, public updates on the right, follow-ups below.
 */
export function ImpactView() {
  return (
    <div className="impact-view">
      <section className="impact-view__board" aria-labelledby="impact-board-title">
        <h2 id="impact-board-title">Customer impact</h2>
        <ImpactSuggestions />
        <ImpactBoard />
        <FollowUpsPanel />
      </section>
      <section className="impact-view__comms" aria-labelledby="public-updates-title">
        <h2 id="public-updates-title">Public updates</h2>
        <PublicUpdatesPanel />
        <DeliveryLog />
      </section>
    </div>
  );
}
