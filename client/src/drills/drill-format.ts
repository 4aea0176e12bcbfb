/** What the drill form says about a scenario and a speed, as plain functions. */
import { type ScenarioSummary, StartDrillInput } from '#shared/drills';
import { formatDuration } from '../lib/duration';

const speedNumber = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 2 });
const SpeedSchema = StartDrillInput.shape.speed.unwrap();

/** Scenario titles usually carry their date already; it is added only when missing. */
export function scenarioLabel(s: Pick<ScenarioSummary, 'title' | 'date'>): string {
  return s.title.includes(s.date) ? s.title : `${s.title} (${s.date})`;
}

/** "PAR6 … lasts 6 h 35 min; at ×60: 6 min 35 s": what a speed means in minutes of someone's day. */
export function drillLengthText(s: Pick<ScenarioSummary, 'title' | 'durationMs'>, speed: number): string {
  return `${s.title} lasts ${formatDuration(s.durationMs)}; at ×${speedNumber.format(speed)}: ${formatDuration(s.durationMs / speed)}`;
}

/** The speed typed, or why it cannot be sent; the bounds are the server's (shared/drills.ts). */
export function parseSpeed(text: string): { speed: number } | { error: string } {
  const trimmed = text.trim();
  if (trimmed === '') return { error: 'enter a speed, e.g. 60' };
  const speed = Number(trimmed);
  if (!SpeedSchema.safeParse(speed).success) {
    return { error: `speed must be above 0 and at most ${speedNumber.format(SpeedSchema.maxValue ?? Infinity)}` };
  }
  return { speed };
}
