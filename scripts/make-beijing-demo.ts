/**
 * Makes the Beijing demo CSVs (data/demo/beijing-*-daily.csv) from the hourly Beijing Multi-Site
 * Air-Quality files (UCI, CC BY 4.0; one file per site). Run once by a developer, output committed:
 *
 *   npx tsx scripts/make-beijing-demo.ts [sourceDir=../shared/data/air/beijing] [outDir=data/demo]
 *
 * Per site and calendar day (the source hours are Beijing local time):
 * - 24-h means of PM2.5, PM10, SO2, NO2, CO, O3 and TEMP, PRES, DEWP, WSPM; RAIN as the day's sum;
 * - the daily statistics the AQI tables are defined on: the maximum 1-h O3, NO2 and SO2, and the maximum
 *   8-h running mean of O3 and CO (windows that lie inside the day, start hours 00–16, as HJ 663 takes them).
 * Completeness follows GB 3095-2012 §8 (the Chinese data-validity rule, this being Chinese data): a 24-h
 * value needs ≥ 20 valid hours, an 8-h mean ≥ 6 of its 8 hours; otherwise the cell is left empty (a gap).
 * Units are the source's: µg/m³ for every pollutant (CO too), °C, hPa, mm, m/s.
 */
import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

export const MIN_HOURS_24H = 20;
export const MIN_HOURS_8H = 6;

const MEANS = [
  ["PM2.5", "pm25"],
  ["PM10", "pm10"],
  ["SO2", "so2"],
  ["NO2", "no2"],
  ["CO", "co"],
  ["O3", "o3"],
  ["TEMP", "temp_c"],
  ["PRES", "pres_hpa"],
  ["DEWP", "dewp_c"],
  ["WSPM", "wspm_mps"],
] as const;
const MAX_1H = [
  ["O3", "o3_1h_max"],
  ["NO2", "no2_1h_max"],
  ["SO2", "so2_1h_max"],
] as const;
const MAX_8H = [
  ["O3", "o3_8h_max"],
  ["CO", "co_8h_max"],
] as const;

export const DAILY_COLUMNS = ["date", ...MEANS.map((m) => m[1]), "rain_mm", ...MAX_1H.map((m) => m[1]), ...MAX_8H.map((m) => m[1])];

/** One day's 24 hourly values of a column (NaN where missing) → the day's statistics. */
export function dailyMean(hours: readonly number[]): number {
  const valid = hours.filter(Number.isFinite);
  return valid.length >= MIN_HOURS_24H ? valid.reduce((a, b) => a + b, 0) / valid.length : NaN;
}
export function dailySum(hours: readonly number[]): number {
  const valid = hours.filter(Number.isFinite);
  return valid.length >= MIN_HOURS_24H ? valid.reduce((a, b) => a + b, 0) : NaN;
}
export function dailyMax1h(hours: readonly number[]): number {
  const valid = hours.filter(Number.isFinite);
  return valid.length >= MIN_HOURS_24H ? Math.max(...valid) : NaN;
}
/** The largest 8-h running mean among windows starting at hours 0–16 that have ≥ 6 valid hours. */
export function dailyMax8h(hours: readonly number[]): number {
  let best = NaN;
  for (let start = 0; start + 8 <= hours.length; start++) {
    const w = hours.slice(start, start + 8).filter(Number.isFinite);
    if (w.length < MIN_HOURS_8H) continue;
    const mean = w.reduce((a, b) => a + b, 0) / w.length;
    if (!(mean <= best)) best = mean;
  }
  return best;
}

const fmt = (v: number, digits: number) => (Number.isFinite(v) ? String(Number(v.toFixed(digits))) : "");

/** An hourly site file (the UCI layout) → daily CSV text with DAILY_COLUMNS. */
export function toDailyCsv(hourlyCsv: string): string {
  const lines = hourlyCsv.trim().split(/\r?\n/);
  const header = lines[0].split(",").map((h) => h.replace(/"/g, ""));
  const col = (name: string) => {
    const i = header.indexOf(name);
    if (i < 0) throw new Error(`hourly file has no column ${name}`);
    return i;
  };
  const [iy, im, id, ih] = ["year", "month", "day", "hour"].map(col);
  const needed: string[] = [...new Set<string>([...MEANS, ...MAX_1H, ...MAX_8H].map((m) => m[0])), "RAIN"];
  const idx = Object.fromEntries(needed.map((n) => [n, col(n)]));
  const days = new Map<string, Record<string, number[]>>();
  for (const line of lines.slice(1)) {
    const f = line.split(",");
    const date = `${f[iy]}-${f[im].padStart(2, "0")}-${f[id].padStart(2, "0")}`;
    const hour = Number(f[ih]);
    let day = days.get(date);
    if (!day) {
      day = Object.fromEntries(needed.map((n) => [n, Array<number>(24).fill(NaN)]));
      days.set(date, day);
    }
    for (const n of needed) {
      const raw = f[idx[n]];
      day[n][hour] = raw === "NA" || raw === "" ? NaN : Number(raw);
    }
  }
  const out = [DAILY_COLUMNS.join(",")];
  for (const [date, day] of [...days].sort(([a], [b]) => (a < b ? -1 : 1))) {
    out.push(
      [
        date,
        ...MEANS.map(([src]) => fmt(dailyMean(day[src]), 1)),
        fmt(dailySum(day.RAIN), 1),
        ...MAX_1H.map(([src]) => fmt(dailyMax1h(day[src]), 1)),
        ...MAX_8H.map(([src]) => fmt(dailyMax8h(day[src]), 1)),
      ].join(","),
    );
  }
  return `${out.join("\n")}\n`;
}

/** `beijing-Aotizhongxin-hourly-2013-03-to-2016-02.csv` → `Aotizhongxin`. */
export function siteOf(file: string): string | null {
  return /^beijing-([A-Za-z]+)-hourly-.*\.csv$/.exec(file)?.[1] ?? null;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const sourceDir = path.resolve(process.argv[2] ?? "../shared/data/air/beijing");
  const outDir = path.resolve(process.argv[3] ?? "data/demo");
  for (const file of readdirSync(sourceDir).sort()) {
    const site = siteOf(file);
    if (!site) continue;
    const csv = toDailyCsv(readFileSync(path.join(sourceDir, file), "utf8"));
    const out = path.join(outDir, `beijing-${site.toLowerCase()}-daily.csv`);
    writeFileSync(out, csv);
    console.log(`${path.basename(out)}: ${csv.split("\n").length - 2} days`);
  }
}
