/** Display formatting shared by tables and charts (locale-aware, UTC unless a zone is given). */
export function formatDateTime(d: Date | null | undefined, timeZone = "UTC"): string {
  if (!d) return "—";
  return new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short", timeZone }).format(d);
}

export function formatDate(d: Date | null | undefined, timeZone = "UTC"): string {
  if (!d) return "—";
  return new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeZone }).format(d);
}

/**
 * Daily and weekly series (frequency `1d`, `7d`, `1w`, …; monthly `mo`) are dates: stored at 00:00 UTC, they must be
 * shown as that date, not as the evening before in the asset's zone ("Jan 1, 7:00 PM" for Jan 2 in New York).
 */
export function isDateOnlyFrequency(frequency: string | null | undefined): boolean {
  return Boolean(frequency && /^\d+(d|w|mo|y)$/.test(frequency));
}

/** A series' timestamp as its frequency reads: a date for daily and coarser series, else date and time in the zone. */
export function formatSeriesTime(d: Date | null | undefined, frequency: string | null | undefined, timeZone = "UTC"): string {
  return isDateOnlyFrequency(frequency) ? formatDate(d, "UTC") : formatDateTime(d, timeZone);
}

export function formatNumber(n: number, maximumFractionDigits = 2): string {
  return new Intl.NumberFormat(undefined, { maximumFractionDigits }).format(n);
}

/** "3 days ago"-style text for recency columns. */
export function formatRelative(d: Date | null | undefined, now = Date.now()): string {
  if (!d) return "never";
  const seconds = Math.round((d.getTime() - now) / 1000);
  const units: [Intl.RelativeTimeFormatUnit, number][] = [
    ["year", 31_536_000],
    ["month", 2_592_000],
    ["day", 86_400],
    ["hour", 3_600],
    ["minute", 60],
  ];
  const rtf = new Intl.RelativeTimeFormat(undefined, { numeric: "auto" });
  for (const [unit, size] of units) if (Math.abs(seconds) >= size) return rtf.format(Math.round(seconds / size), unit);
  return rtf.format(seconds, "second");
}
