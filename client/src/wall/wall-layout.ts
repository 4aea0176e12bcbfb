/**
 * What one wall screen shows, from its URL (`/incidents/3/wall?metrics=vms.missing,deploy.queue
 * &panels=timeline,impact&theme=light`), so each screen in a room can show something else with
 * nothing to click: a link is all a TV needs.
 */
export const WALL_PANELS = ['timeline', 'alerts', 'impact'] as const;
export type WallPanel = (typeof WALL_PANELS)[number];
export const WALL_THEMES = ['dark', 'light', 'contrast'] as const;
export type WallTheme = (typeof WALL_THEMES)[number];

export type WallLayout = {
  /** Metric ids in the order asked; null: every shown metric of the incident. */
  metrics: string[] | null;
  panels: WallPanel[];
  theme: WallTheme;
};

const list = (value: string | null): string[] | null =>
  value === null ? null : value.split(',').map((s) => s.trim()).filter((s) => s !== '');

/** Unknown panels and themes are ignored: a typo on a TV's link shows the defaults, not a blank screen. */
export function wallLayout(search: string): WallLayout {
  const params = new URLSearchParams(search);
  const panels = list(params.get('panels'))?.filter((p): p is WallPanel => (WALL_PANELS as readonly string[]).includes(p));
  const theme = params.get('theme');
  return {
    metrics: list(params.get('metrics')),
    panels: panels ?? [...WALL_PANELS],
    theme: (WALL_THEMES as readonly string[]).includes(theme ?? '') ? (theme as WallTheme) : 'dark',
  };
}
