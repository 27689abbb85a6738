/** Display formatting shared by tables and charts (locale-aware, UTC unless a zone is given). */
export function formatDateTime(d: Date | null | undefined, timeZone = "UTC"): string {
  if (!d) return "—";
  return new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short", timeZone }).format(d);
}

export function formatDate(d: Date | null | undefined, timeZone = "UTC"): string {
  if (!d) return "—";
  return new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeZone }).format(d);
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
