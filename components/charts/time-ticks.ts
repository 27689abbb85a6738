/**
 * Evenly spaced, calendar-friendly x-axis ticks for a time range (whole hours, days, weeks, months or
 * years), so that labels never repeat the same day and fall on round instants. Steps are aligned in
 * UTC; for the display zone's labels that is close enough (at most a few hours off for day steps).
 */
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

type Step = { ms: number; unit: "hour" | "day" | "month" | "year"; count: number };

const STEPS: Step[] = [
  { ms: HOUR, unit: "hour", count: 1 },
  { ms: 3 * HOUR, unit: "hour", count: 3 },
  { ms: 6 * HOUR, unit: "hour", count: 6 },
  { ms: 12 * HOUR, unit: "hour", count: 12 },
  { ms: DAY, unit: "day", count: 1 },
  { ms: 2 * DAY, unit: "day", count: 2 },
  { ms: 7 * DAY, unit: "day", count: 7 },
  { ms: 14 * DAY, unit: "day", count: 14 },
  { ms: 30 * DAY, unit: "month", count: 1 },
  { ms: 91 * DAY, unit: "month", count: 3 },
  { ms: 182 * DAY, unit: "month", count: 6 },
  { ms: 365 * DAY, unit: "year", count: 1 },
  { ms: 2 * 365 * DAY, unit: "year", count: 2 },
  { ms: 5 * 365 * DAY, unit: "year", count: 5 },
  { ms: 10 * 365 * DAY, unit: "year", count: 10 },
];

export interface TimeTicks {
  ticks: number[];
  /** The unit the labels should show: time of day, day, month or year. */
  unit: Step["unit"];
}

export function timeTicks(startMs: number, endMs: number, maxTicks = 8): TimeTicks {
  const span = endMs - startMs;
  if (!(span > 0)) return { ticks: Number.isFinite(startMs) ? [startMs] : [], unit: "day" };
  const step = STEPS.find((s) => span / s.ms <= maxTicks) ?? STEPS[STEPS.length - 1];
  const ticks: number[] = [];
  if (step.unit === "hour" || step.unit === "day") {
    // Day steps of 7/14 start on a whole day; hour steps on a multiple of the step.
    const base = step.unit === "day" ? DAY : step.ms;
    let t = Math.ceil(startMs / base) * base;
    if (step.unit === "day" && step.count > 1) {
      const days = Math.round((t - Date.UTC(1970, 0, 1)) / DAY);
      t += ((step.count - (days % step.count)) % step.count) * DAY;
    }
    for (; t <= endMs; t += step.ms) ticks.push(t);
  } else {
    const d = new Date(startMs);
    const months = step.unit === "year" ? 12 * step.count : step.count;
    let y = d.getUTCFullYear();
    let m = d.getUTCMonth();
    // First month (or year) boundary at or after the start that is a multiple of the step.
    if (Date.UTC(y, m, 1) < startMs) m += 1;
    const total = y * 12 + m;
    const aligned = Math.ceil(total / months) * months;
    y = Math.floor(aligned / 12);
    m = aligned % 12;
    for (let t = Date.UTC(y, m, 1); t <= endMs; ) {
      ticks.push(t);
      m += months;
      y += Math.floor(m / 12);
      m %= 12;
      t = Date.UTC(y, m, 1);
    }
  }
  return { ticks, unit: step.unit };
}

export function tickLabelFormat(unit: TimeTicks["unit"]): Intl.DateTimeFormatOptions {
  switch (unit) {
    case "hour":
      return { month: "short", day: "numeric", hour: "2-digit", minute: "2-digit" };
    case "day":
      return { month: "short", day: "numeric" };
    case "month":
      return { month: "short", year: "numeric" };
    case "year":
      return { year: "numeric" };
  }
}
