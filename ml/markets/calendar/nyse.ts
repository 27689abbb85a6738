/**
 * The NYSE trading calendar: weekends, the exchange's regular holidays (NYSE Rule 7.2) and the unscheduled
 * full-day closures. Dates are ISO calendar dates ("YYYY-MM-DD", the exchange's local date); no time zones.
 *
 * Observance (Rule 7.2): a holiday on a Sunday is observed the Monday after; one on a Saturday the Friday
 * before — except New Year's Day, whose Friday before is the last trading day of the year (an accounting
 * period end), so a Saturday 1 January is not observed at all (e.g. 2022-01-01: 2021-12-31 was open).
 *
 * Rules by period: Martin Luther King Jr. Day from 1998, Juneteenth from 2022; Washington's Birthday and
 * Memorial Day as Monday holidays (the 1971 Uniform Monday Holiday Act, so dates before 1971 are not modelled).
 */
import { InvalidInputError } from "../../errors";

const DAY_MS = 86_400_000;

/** Unscheduled full-day closures (the NYSE's history of closings; 1985 and 1994 cover the TTR sample). */
export const SPECIAL_CLOSURES: Readonly<Record<string, string>> = {
  "1985-09-27": "Hurricane Gloria",
  "1994-04-27": "National Day of Mourning, President Nixon",
  "2001-09-11": "September 11 attacks",
  "2001-09-12": "September 11 attacks",
  "2001-09-13": "September 11 attacks",
  "2001-09-14": "September 11 attacks",
  "2004-06-11": "National Day of Mourning, President Reagan",
  "2007-01-02": "National Day of Mourning, President Ford",
  "2012-10-29": "Hurricane Sandy",
  "2012-10-30": "Hurricane Sandy",
  "2018-12-05": "National Day of Mourning, President George H. W. Bush",
  "2025-01-09": "National Day of Mourning, President Carter",
};

const ISO = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Days since 1970-01-01 of an ISO date; throws naming the field on anything else. */
export function dayNumber(date: string, field = "date"): number {
  const m = ISO.exec(date);
  if (!m) throw new InvalidInputError(`${field} must be a date YYYY-MM-DD, got "${date}"`, { field });
  const ms = Date.UTC(+m[1], +m[2] - 1, +m[3]);
  if (new Date(ms).toISOString().slice(0, 10) !== date) throw new InvalidInputError(`${field} is not a calendar date: "${date}"`, { field });
  return ms / DAY_MS;
}

export function isoOfDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

const dow = (day: number) => (((day + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday (4); 0 = Sunday
const ymd = (y: number, m: number, d: number) => Date.UTC(y, m - 1, d) / DAY_MS;

/** The n-th (1-based) weekday `wd` (0 = Sunday) of a month; n = -1 for the last. */
function nthWeekday(y: number, m: number, wd: number, n: number): number {
  if (n > 0) {
    const first = ymd(y, m, 1);
    return first + ((wd - dow(first) + 7) % 7) + 7 * (n - 1);
  }
  const last = ymd(y, m + 1, 1) - 1;
  return last - ((dow(last) - wd + 7) % 7);
}

/** Easter Sunday (Gregorian; the anonymous computus of Meeus, "Astronomical Algorithms", ch. 8). */
export function easterSunday(y: number): number {
  const a = y % 19;
  const b = Math.floor(y / 100);
  const c = y % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return ymd(y, month, day);
}

/** Saturday → Friday, Sunday → Monday. */
function observed(day: number): number {
  const w = dow(day);
  return w === 6 ? day - 1 : w === 0 ? day + 1 : day;
}

const holidayCache = new Map<number, Map<number, string>>();

/** The regular NYSE holidays observed in year y (day number → name). */
export function nyseHolidays(y: number): Map<number, string> {
  const cached = holidayCache.get(y);
  if (cached) return cached;
  const out = new Map<number, string>();
  const jan1 = ymd(y, 1, 1);
  if (dow(jan1) !== 6) out.set(observed(jan1), "New Year's Day");
  if (y >= 1998) out.set(nthWeekday(y, 1, 1, 3), "Martin Luther King Jr. Day");
  out.set(nthWeekday(y, 2, 1, 3), "Washington's Birthday");
  out.set(easterSunday(y) - 2, "Good Friday");
  out.set(nthWeekday(y, 5, 1, -1), "Memorial Day");
  if (y >= 2022) out.set(observed(ymd(y, 6, 19)), "Juneteenth");
  out.set(observed(ymd(y, 7, 4)), "Independence Day");
  out.set(nthWeekday(y, 9, 1, 1), "Labor Day");
  out.set(nthWeekday(y, 11, 4, 4), "Thanksgiving Day");
  out.set(observed(ymd(y, 12, 25)), "Christmas Day");
  holidayCache.set(y, out);
  return out;
}

/** Why the exchange is closed on a weekday (a holiday's or closure's name), or null when it trades / on weekends. */
export function closureReason(date: string): string | null {
  const day = dayNumber(date);
  if (SPECIAL_CLOSURES[date]) return SPECIAL_CLOSURES[date];
  const y = new Date(day * DAY_MS).getUTCFullYear();
  return nyseHolidays(y).get(day) ?? null;
}

function tradingDay(day: number): boolean {
  const w = dow(day);
  if (w === 0 || w === 6) return false;
  const iso = isoOfDay(day);
  if (SPECIAL_CLOSURES[iso]) return false;
  return !nyseHolidays(new Date(day * DAY_MS).getUTCFullYear()).has(day);
}

export function isTradingDay(date: string): boolean {
  return tradingDay(dayNumber(date));
}

/** The n trading days after `fromDate` (not including it), oldest first. */
export function nextTradingDays(fromDate: string, n: number): string[] {
  if (!Number.isInteger(n) || n < 0 || n > 100_000) throw new InvalidInputError(`n must be an integer in [0, 100000], got ${n}`, { field: "n" });
  const out: string[] = [];
  for (let d = dayNumber(fromDate, "fromDate") + 1; out.length < n; d++) if (tradingDay(d)) out.push(isoOfDay(d));
  return out;
}

/** Trading days in (from, to]: 0 when to ≤ from; negative of the reverse count when to < from. */
export function tradingDaysBetween(from: string, to: string): number {
  const a = dayNumber(from, "from");
  const b = dayNumber(to, "to");
  const [lo, hi, sign] = a <= b ? [a, b, 1] : [b, a, -1];
  let n = 0;
  for (let d = lo + 1; d <= hi; d++) if (tradingDay(d)) n++;
  return sign * n;
}

/** The ISO date of a timestamp at 00:00 UTC (how daily bars are stored) or any time that UTC day. */
export function isoDateOfMs(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}
