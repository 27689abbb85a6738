/**
 * Test-only helpers for ml/indicators (not exported from index.ts): reads the shipped OHLCV CSV and the TTR
 * fixtures written by bench/r/ttr-reference.R, and compares arrays.
 */
import { readFileSync } from "node:fs";
import path from "node:path";

const root = path.join(import.meta.dirname, "../..");

export interface Ohlcv {
  date: string[];
  open: Float64Array;
  high: Float64Array;
  low: Float64Array;
  close: Float64Array;
  volume: Float64Array;
}

function readCsv(file: string): { header: string[]; rows: string[][] } {
  const lines = readFileSync(file, "utf8").trim().split(/\r?\n/);
  return { header: lines[0].split(","), rows: lines.slice(1).map((l) => l.split(",")) };
}

export function loadOhlcv(): Ohlcv {
  const { header, rows } = readCsv(path.join(root, "data/demo/ttrc-daily-ohlcv.csv"));
  const col = (name: string) => {
    const j = header.indexOf(name);
    if (j < 0) throw new Error(`ttrc-daily-ohlcv.csv has no column ${name}`);
    return Float64Array.from(rows, (r) => Number(r[j]));
  };
  return {
    date: rows.map((r) => r[header.indexOf("date")]),
    open: col("open"),
    high: col("high"),
    low: col("low"),
    close: col("close"),
    volume: col("volume"),
  };
}

/** A fixture's columns by name ("NA" → NaN) and its dates. */
export function loadFixture(name: string): { date: string[]; cols: Record<string, Float64Array> } {
  const { header, rows } = readCsv(path.join(import.meta.dirname, "fixtures", `${name}.csv`));
  const cols: Record<string, Float64Array> = {};
  header.forEach((h, j) => {
    if (h !== "date") cols[h] = Float64Array.from(rows, (r) => (r[j] === "NA" ? Number.NaN : Number(r[j])));
  });
  return { date: rows.map((r) => r[0]), cols };
}

export interface Comparison {
  /** Indices where exactly one side is NaN. */
  naMismatch: number[];
  maxAbs: number;
  /** max |a − b| / max(1, |b|). */
  maxRel: number;
  /** Values compared (both finite). */
  compared: number;
}

export function compare(actual: ArrayLike<number>, expected: ArrayLike<number>): Comparison {
  if (actual.length !== expected.length) throw new Error(`length ${actual.length} vs ${expected.length}`);
  const naMismatch: number[] = [];
  let maxAbs = 0;
  let maxRel = 0;
  let compared = 0;
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i];
    const e = expected[i];
    if (Number.isNaN(a) !== Number.isNaN(e)) {
      naMismatch.push(i);
      continue;
    }
    if (Number.isNaN(e)) continue;
    const d = Math.abs(a - e);
    if (!(d <= maxAbs)) maxAbs = d;
    const r = d / Math.max(1, Math.abs(e));
    if (!(r <= maxRel)) maxRel = r;
    compared++;
  }
  return { naMismatch, maxAbs, maxRel, compared };
}
