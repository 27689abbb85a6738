import { parse } from "csv-parse/sync";
import { InvalidInputError } from "../errors";
import { regularize } from "../series/regularize";
import type { Series } from "../types";

export type InputFormat = "m4" | "long";

/**
 * M4 competition CSV: header row, column "V1" is the series id, the following columns are the
 * values in time order; cells after the end of a shorter series are empty. Row numbers in errors are
 * 1-based file lines (the header is line 1).
 */
export function parseM4Csv(text: string): Series[] {
  const rows = parse(text, { relax_column_count: true, skip_empty_lines: true }) as string[][];
  if (rows.length === 0) throw new InvalidInputError("m4 input is empty", { field: "input" });
  const header = rows[0];
  if (header[0] !== "V1") throw new InvalidInputError(`m4 input must start with column "V1", found "${header[0]}"`, { field: "input", row: 1, column: header[0] });
  const out: Series[] = [];
  for (let r = 1; r < rows.length; r++) {
    const row = rows[r];
    const id = row[0]?.trim();
    if (!id) throw new InvalidInputError("missing series id", { field: "id", row: r + 1, column: "V1" });
    let end = row.length;
    while (end > 1 && row[end - 1].trim() === "") end--;
    const values = new Float64Array(end - 1);
    for (let c = 1; c < end; c++) {
      const cell = row[c].trim();
      const v = cell === "" || cell.toUpperCase() === "NA" ? NaN : Number(cell);
      if (cell !== "" && cell.toUpperCase() !== "NA" && !Number.isFinite(v)) {
        throw new InvalidInputError(`not a number: "${cell}"`, { field: "value", row: r + 1, column: header[c] ?? `V${c + 1}` });
      }
      values[c - 1] = v;
    }
    if (values.length === 0) throw new InvalidInputError(`series ${id} has no values`, { field: "value", row: r + 1 });
    out.push({ id, values });
  }
  return out;
}

/**
 * Long CSV with header `id,timestamp,value` (any column order; extra columns ignored). Timestamps are
 * ISO-8601 or epoch milliseconds; rows of one series must be in time order. Each series is put on a
 * regular grid (inferred step, gaps → NaN). An empty value cell is a missing observation. Without an
 * "id" column the file is one series named `defaultId`; `valueColumn` picks another value column.
 */
export function parseLongCsv(text: string, opts: { valueColumn?: string; defaultId?: string } = {}): Series[] {
  const rows = parse(text, { skip_empty_lines: true }) as string[][];
  if (rows.length === 0) throw new InvalidInputError("long input is empty", { field: "input" });
  const header = rows[0].map((h) => h.trim().toLowerCase());
  const col = (name: string) => {
    const k = header.indexOf(name);
    if (k < 0) throw new InvalidInputError(`long input needs a "${name}" column (header: ${rows[0].join(",")})`, { field: name, row: 1 });
    return k;
  };
  const ci = opts.defaultId !== undefined && !header.includes("id") ? -1 : col("id");
  const ct = col("timestamp");
  const cv = col((opts.valueColumn ?? "value").toLowerCase());
  const groups = new Map<string, { ts: number[]; vs: number[]; firstRow: number }>();
  for (let r = 1; r < rows.length; r++) {
    const row = rows[r];
    const line = r + 1;
    const id = ci < 0 ? opts.defaultId : row[ci]?.trim();
    if (!id) throw new InvalidInputError("missing id", { field: "id", row: line, column: "id" });
    const rawT = row[ct]?.trim() ?? "";
    const t = /^-?\d+$/.test(rawT) ? Number(rawT) : Date.parse(rawT);
    if (!Number.isFinite(t)) throw new InvalidInputError(`not a timestamp: "${rawT}"`, { field: "timestamp", row: line, column: "timestamp" });
    const rawV = row[cv]?.trim() ?? "";
    const v = rawV === "" || rawV.toUpperCase() === "NA" ? NaN : Number(rawV);
    if (rawV !== "" && rawV.toUpperCase() !== "NA" && !Number.isFinite(v)) {
      throw new InvalidInputError(`not a number: "${rawV}"`, { field: "value", row: line, column: "value" });
    }
    let g = groups.get(id);
    if (!g) groups.set(id, (g = { ts: [], vs: [], firstRow: line }));
    if (g.ts.length && t <= g.ts[g.ts.length - 1]) {
      throw new InvalidInputError(`series ${id}: timestamps must be strictly increasing`, { field: "timestamp", row: line, column: "timestamp" });
    }
    g.ts.push(t);
    g.vs.push(v);
  }
  const out: Series[] = [];
  for (const [id, g] of groups) {
    if (g.ts.length < 2) throw new InvalidInputError(`series ${id} needs at least two observations`, { field: "value", row: g.firstRow });
    out.push(regularize(id, g.ts, g.vs));
  }
  return out;
}

export function parseSeriesCsv(text: string, format: InputFormat, opts: { valueColumn?: string } = {}): Series[] {
  if (format === "m4") return parseM4Csv(text);
  if (format === "long") return parseLongCsv(text, { valueColumn: opts.valueColumn, defaultId: opts.valueColumn ? "series" : undefined });
  throw new InvalidInputError(`unknown format "${format as string}" (use m4 or long)`, { field: "format" });
}
