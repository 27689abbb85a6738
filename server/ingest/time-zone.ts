/**
 * Naive local date-times → UTC instants with only Intl (no tz database dependency). Follows the
 * "compatible" disambiguation of TC39 Temporal (ZonedDateTime.from, disambiguation: "compatible"):
 * a wall time that occurs twice (DST fall-back) resolves to the earlier instant, a wall time that does
 * not exist (spring-forward gap) moves forward by the length of the gap.
 */

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    formatters.set(timeZone, f);
  }
  return f;
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** Offset of `timeZone` from UTC at instant `utcMs`, in ms (Europe/London in summer: +3,600,000). */
export function timeZoneOffsetMs(timeZone: string, utcMs: number): number {
  const parts = formatterFor(timeZone).formatToParts(new Date(utcMs));
  const get = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value);
  let year = get("year");
  // Intl formats years before 1 CE with an era; negative years are out of scope for ingestion.
  if (parts.some((p) => p.type === "era" && p.value.startsWith("B"))) year = 1 - year;
  const wallMs = Date.UTC(year, get("month") - 1, get("day"), get("hour"), get("minute"), get("second"));
  // formatToParts drops milliseconds; compare at whole-second resolution.
  return wallMs - (utcMs - (((utcMs % 1000) + 1000) % 1000));
}

/**
 * The UTC instant (ms) of a wall-clock time in `timeZone`. `wallMs` is the wall time encoded as if it
 * were UTC (Date.UTC(y, m, d, h, mi, s, ms)).
 */
export function zonedWallTimeToUtcMs(wallMs: number, timeZone: string): number {
  if (timeZone === "UTC" || timeZone === "Etc/UTC") return wallMs;
  // Offsets before and after any transition near this wall time (transitions are < 1 day apart never).
  const offsetBefore = timeZoneOffsetMs(timeZone, wallMs - 86_400_000);
  const offsetAfter = timeZoneOffsetMs(timeZone, wallMs + 86_400_000);
  const candidates = [wallMs - offsetBefore, wallMs - offsetAfter].filter(
    (utc) => utc + timeZoneOffsetMs(timeZone, utc) === wallMs,
  );
  if (candidates.length > 0) return Math.min(...candidates); // earlier on fall-back overlap
  // Spring-forward gap: the wall time does not exist; interpret it with the offset from before the gap,
  // which lands the same distance past the transition (Temporal "compatible" → "later").
  return wallMs - offsetBefore;
}
