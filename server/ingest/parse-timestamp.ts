/**
 * Timestamp parsing shared by every ingest source. Accepted forms:
 * - ISO-8601 / RFC 3339 with `Z` or an offset (`2000-06-05T00:30:00+01:00`, space instead of `T` too);
 * - naive local date-times (`2000-06-05 00:30`), read as wall time in `timeZone` (see time-zone.ts);
 * - dates without a time (`1985-01-02`): a calendar day, stored as 00:00 UTC of that day by default so
 *   daily series are exactly 86,400 s apart regardless of DST (`dateOnly: "local"` uses `timeZone`);
 * - epoch seconds or milliseconds (numbers or digit strings).
 */
import { zonedWallTimeToUtcMs } from "./time-zone";

export const TIMESTAMP_FORMATS = ["auto", "iso", "epoch_s", "epoch_ms"] as const;
export type TimestampFormat = (typeof TIMESTAMP_FORMATS)[number];

export interface TimestampOptions {
  /** `auto`: ISO text, or a number read as epoch seconds below 1e11 and epoch milliseconds above. */
  format?: TimestampFormat;
  /** IANA zone for naive date-times; default UTC. */
  timeZone?: string;
  /** How dates without a time are placed: `utc` midnight (default) or midnight in `timeZone`. */
  dateOnly?: "utc" | "local";
  /** Refuse naive date-times (no `Z`/offset) instead of reading them in `timeZone` (REST pushes). */
  requireOffset?: boolean;
}

/** |n| below this is epoch seconds in `auto` (1e11 s is the year 5138; 1e11 ms is March 1973). */
export const EPOCH_SECONDS_BELOW = 1e11;

/** Instants outside years 1–9999 cannot be written as ISO text or stored sensibly. */
const MIN_MS = new Date(Date.UTC(2000, 0, 1)).setUTCFullYear(1);
const MAX_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

const ISO_RE =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(?:([Zz])|([+-])(\d{2})(?::?(\d{2}))?)?$/;
const NUMBER_RE = /^[+-]?\d+(?:\.\d+)?$/;

export type TimestampResult = { ok: true; ms: number } | { ok: false; reason: string };

const fail = (reason: string): TimestampResult => ({ ok: false, reason });

function fromEpoch(n: number, format: TimestampFormat): TimestampResult {
  if (!Number.isFinite(n)) return fail("epoch time is not a finite number");
  const ms = format === "epoch_s" || (format === "auto" && Math.abs(n) < EPOCH_SECONDS_BELOW) ? n * 1000 : n;
  const rounded = Math.round(ms);
  if (rounded < MIN_MS || rounded > MAX_MS) return fail("epoch time is outside years 1–9999");
  return { ok: true, ms: rounded };
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysInMonth(year: number, month: number): number {
  if (month === 2 && ((year % 4 === 0 && year % 100 !== 0) || year % 400 === 0)) return 29;
  return DAYS_IN_MONTH[month - 1];
}

const digit = (text: string, i: number) => text.charCodeAt(i) - 48;
const two = (text: string, i: number) => digit(text, i) * 10 + digit(text, i + 1);

/**
 * Fast path for the canonical `YYYY-MM-DDTHH:MM:SSZ` / `...SS.sssZ` form (what JSON clients send,
 * Date#toISOString): fixed positions, no regex, no allocation. Returns undefined for anything else.
 */
function fromCanonicalIso(text: string): number | undefined {
  const n = text.length;
  if ((n !== 20 && n !== 24) || text.charCodeAt(n - 1) !== 90 /* Z */) return undefined;
  if (text[4] !== "-" || text[7] !== "-" || text[10] !== "T" || text[13] !== ":" || text[16] !== ":") return undefined;
  if (n === 24 && text[19] !== ".") return undefined;
  for (const i of n === 24 ? [0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18, 20, 21, 22] : [0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18]) {
    const d = digit(text, i);
    if (d < 0 || d > 9) return undefined;
  }
  const year = two(text, 0) * 100 + two(text, 2);
  const month = two(text, 5);
  const day = two(text, 8);
  const hour = two(text, 11);
  const minute = two(text, 14);
  const second = two(text, 17);
  if (year < 100 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || hour > 23 || minute > 59 || second > 59) {
    return undefined; // let the general path produce the message
  }
  const ms = n === 24 ? digit(text, 20) * 100 + two(text, 21) : 0;
  return Date.UTC(year, month - 1, day, hour, minute, second, ms);
}

function fromIso(text: string, options: TimestampOptions): TimestampResult {
  const m = ISO_RE.exec(text);
  if (!m) return fail(`"${text.length > 40 ? text.slice(0, 40) + "…" : text}" is not an ISO-8601 timestamp or epoch number`);
  const [, y, mo, d, h, mi, s, frac, z, sign, oh, om] = m;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  if (month < 1 || month > 12) return fail(`month ${mo} is out of range`);
  if (day < 1 || day > daysInMonth(year, month)) return fail(`day ${d} does not exist in ${y}-${mo}`);
  const hour = h === undefined ? 0 : Number(h);
  const minute = mi === undefined ? 0 : Number(mi);
  const second = s === undefined ? 0 : Number(s);
  if (hour > 23) return fail(`hour ${h} is out of range`);
  if (minute > 59) return fail(`minute ${mi} is out of range`);
  if (second > 59) return fail(`second ${s} is out of range`);
  // Sub-millisecond digits are truncated: observations are stored at microsecond precision, but the
  // whole pipeline (JS Dates) works in milliseconds.
  const ms = frac === undefined ? 0 : Number(frac.slice(0, 3).padEnd(3, "0"));
  const wall = Date.UTC(year, month - 1, day, hour, minute, second, ms);
  // Date.UTC maps years 0–99 to 1900–1999; fix the year explicitly.
  const wallMs = year < 100 ? new Date(wall).setUTCFullYear(year) : wall;

  if (z) return { ok: true, ms: wallMs };
  if (sign) {
    const offsetH = Number(oh);
    const offsetM = om === undefined ? 0 : Number(om);
    if (offsetH > 23 || offsetM > 59) return fail(`UTC offset ${sign}${oh}:${om ?? "00"} is out of range`);
    const offsetMs = (sign === "-" ? -1 : 1) * (offsetH * 60 + offsetM) * 60_000;
    return { ok: true, ms: wallMs - offsetMs };
  }
  if (h !== undefined && options.requireOffset) return fail("timestamp needs a UTC offset or Z (e.g. 2024-01-01T00:00:00Z)");
  const timeZone = options.timeZone ?? "UTC";
  if (h === undefined && (options.dateOnly ?? "utc") === "utc") return { ok: true, ms: wallMs };
  return { ok: true, ms: zonedWallTimeToUtcMs(wallMs, timeZone) };
}

/** Parses one timestamp; returns a reason instead of throwing so callers can name the row and column. */
export function parseTimestamp(raw: string | number, options: TimestampOptions = {}): TimestampResult {
  const format = options.format ?? "auto";
  if (typeof raw === "number") {
    if (format === "iso") return fail("expected ISO-8601 text, got a number");
    return fromEpoch(raw, format);
  }
  if (format !== "epoch_s" && format !== "epoch_ms") {
    const fast = fromCanonicalIso(raw);
    if (fast !== undefined) return { ok: true, ms: fast };
  }
  const text = raw.trim();
  if (text === "") return fail("timestamp is empty");
  if (format === "epoch_s" || format === "epoch_ms") {
    if (!NUMBER_RE.test(text)) return fail(`"${text}" is not an epoch number`);
    return fromEpoch(Number(text), format);
  }
  if (format === "auto" && NUMBER_RE.test(text)) return fromEpoch(Number(text), format);
  return fromIso(text, options);
}
