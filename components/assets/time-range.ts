/**
 * Chart time ranges. Demo data is historical, so "last 7 days" means the 7 days before the series'
 * last point, not before now.
 */
export type RangePreset = "7d" | "30d" | "all" | "custom";

export interface TimeRange {
  from?: Date;
  /** Exclusive upper bound. */
  to?: Date;
}

const DAY_MS = 86_400_000;

export function presetRange(preset: Exclude<RangePreset, "custom">, lastTs: Date | null): TimeRange {
  if (preset === "all" || !lastTs) return {};
  const days = preset === "7d" ? 7 : 30;
  // +1 ms so that the last point itself falls inside the half-open [from, to) range.
  return { from: new Date(lastTs.getTime() - days * DAY_MS), to: new Date(lastTs.getTime() + 1) };
}

/** Custom range from two `YYYY-MM-DD` inputs (UTC days, `to` inclusive); null when incomplete or reversed. */
export function customRange(fromDay: string, toDay: string): TimeRange | null {
  const from = fromDay ? new Date(`${fromDay}T00:00:00Z`) : undefined;
  const toStart = toDay ? new Date(`${toDay}T00:00:00Z`) : undefined;
  if ((from && Number.isNaN(from.getTime())) || (toStart && Number.isNaN(toStart.getTime()))) return null;
  const to = toStart ? new Date(toStart.getTime() + DAY_MS) : undefined;
  if (from && to && from >= to) return null;
  return { from, to };
}

export function toDayInput(d: Date | null | undefined): string {
  return d ? d.toISOString().slice(0, 10) : "";
}
