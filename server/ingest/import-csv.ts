/**
 * CSV import through the shared ingest run. The file is streamed through csv-parse and written in
 * chunks inside one transaction, so memory stays bounded and a bad row anywhere (reported with its
 * row, column and reason) rolls back everything the import wrote; the failed run is recorded apart.
 *
 * Rows are numbered from 1 for the first data row (the header is row 0).
 */
import { refreshAfterIngest } from "@/server/forecasts/refresh-after-ingest";
import { driftAfterIngest } from "@/server/monitoring/drift-after-ingest";
import { Readable, pipeline } from "node:stream";
import { parse, CsvError } from "csv-parse";
import { and, eq, isNull } from "drizzle-orm";
import type { Db } from "@/db/client";
import { series } from "@/db/schema";
import { inferStepMs } from "@/ml/series/frequency";
import { findAsset, getAsset } from "@/server/assets";
import { metricSchema, type CreateAssetParams } from "@/server/assets/schemas";
import { ValidationError } from "@/server/http/errors";
import { parseTimestamp } from "./parse-timestamp";
import { runIngest, recordFailedRun, type IngestResult } from "./run-ingest";
import { csvImportOptionsSchema, type CsvImportOptions, type ResolvedCsvImportOptions, type SeriesBatch } from "./schemas";
import { toValidationError } from "../http/zod-issues";

export type CsvInput = string | Uint8Array | Readable | AsyncIterable<string | Uint8Array> | ReadableStream<Uint8Array>;

export interface ImportCsvParams {
  /** The asset's uuid or slug; it must exist unless `newAsset` is given. */
  asset: string;
  /**
   * When no asset has the slug `asset`: create it with these fields, in the import's own transaction, so a
   * refused file leaves no empty asset behind.
   */
  newAsset?: Omit<CreateAssetParams, "slug">;
  input: CsvInput;
  options?: CsvImportOptions;
}

export interface CsvImportResult extends IngestResult {
  rowsRead: number;
  /** Cells left out because they held a missing-value marker. */
  cellsMissing: number;
}

/** Points buffered before a chunk is written (bounded memory for big files). */
const FLUSH_POINTS = 50_000;
/** Timestamps per series kept for inferring its frequency (enough for the mode of the spacing). */
const FREQUENCY_SAMPLE = 10_000;
const TIMESTAMP_NAMES = ["timestamp", "ts", "time", "datetime", "date"];
/** Plain decimal numbers only: Number() would also accept "0x10", "1_000"-free forms like " ", "Infinity". */
const DECIMAL_RE = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

interface MetricColumn {
  index: number;
  column: string;
  metric: string;
  unit: string | null;
}

interface ResolvedColumns {
  tsIndex: number;
  tsName: string;
  metrics: MetricColumn[];
}

/** A header name → a metric name (`Temp (°F)` → `temp_f`); explicit `metrics[].metric` overrides it. */
export function metricNameFromColumn(column: string): string {
  return (
    column
      .normalize("NFKD")
      .replace(/[\u0300-\u036f]/g, "")
      .toLowerCase()
      .replace(/°/g, "")
      .replace(/[^a-z0-9_.-]+/g, "_")
      .replace(/^_+|_+$/g, "")
      .slice(0, 64) || "value"
  );
}

function resolveColumns(header: string[], o: ResolvedCsvImportOptions): ResolvedColumns {
  const names = header.map((h) => h.trim());
  const seen = new Set<string>();
  for (const n of names) {
    if (seen.has(n)) throw new ValidationError(`column "${n}" appears twice in the header`, { field: "header", row: 0, column: n });
    seen.add(n);
  }
  let tsIndex: number;
  if (o.timestampColumn !== undefined) {
    tsIndex = names.indexOf(o.timestampColumn);
    if (tsIndex < 0) {
      throw new ValidationError(`timestamp column "${o.timestampColumn}" is not in the header (${names.join(", ")})`, {
        field: "timestampColumn",
        row: 0,
      });
    }
  } else {
    tsIndex = names.findIndex((n) => TIMESTAMP_NAMES.includes(n.toLowerCase()));
    if (tsIndex < 0) tsIndex = 0;
  }
  let metrics: MetricColumn[];
  if (o.metrics) {
    metrics = o.metrics.map((m, i) => {
      const index = names.indexOf(m.column);
      if (index < 0) throw new ValidationError(`column "${m.column}" is not in the header`, { field: `metrics[${i}].column`, row: 0 });
      if (index === tsIndex) throw new ValidationError(`column "${m.column}" is the timestamp column`, { field: `metrics[${i}].column`, row: 0 });
      return { index, column: m.column, metric: m.metric ?? metricNameFromColumn(m.column), unit: m.unit ?? null };
    });
  } else {
    const ignore = new Set(o.ignoreColumns);
    metrics = names
      .map((column, index) => ({ index, column, metric: metricNameFromColumn(column), unit: null }))
      .filter((m) => m.index !== tsIndex && !ignore.has(m.column));
  }
  if (metrics.length === 0) throw new ValidationError("no metric columns: the file has only a timestamp column", { field: "metrics", row: 0 });
  const metricSeen = new Map<string, string>();
  for (const m of metrics) {
    const ok = metricSchema.safeParse(m.metric);
    if (!ok.success) throw new ValidationError(`metric name "${m.metric}": ${ok.error.issues[0].message}`, { field: "metrics", column: m.column, row: 0 });
    const other = metricSeen.get(m.metric);
    if (other !== undefined) {
      throw new ValidationError(`columns "${other}" and "${m.column}" both map to metric "${m.metric}"`, { field: "metrics", column: m.column, row: 0 });
    }
    metricSeen.set(m.metric, m.column);
  }
  return { tsIndex, tsName: names[tsIndex], metrics };
}

function toReadable(input: CsvInput): Readable {
  if (typeof input === "string" || input instanceof Uint8Array) return Readable.from([input]);
  if (input instanceof Readable) return input;
  if (typeof (input as ReadableStream).getReader === "function") {
    return Readable.fromWeb(input as import("node:stream/web").ReadableStream<Uint8Array>);
  }
  return Readable.from(input as AsyncIterable<string | Uint8Array>);
}

/**
 * Records in the batches the stream has ready, rather than one `for await` step per record: per-record
 * async iteration costs ~20 µs a row, several times csv-parse's own parsing. Not reading while the
 * consumer awaits (a database write) leaves backpressure to pause the source.
 */
async function* recordBatches<T>(stream: Readable): AsyncGenerator<T[]> {
  let ended = false;
  let failure: unknown;
  let wake: (() => void) | undefined;
  stream.on("readable", () => wake?.());
  stream.on("end", () => {
    ended = true;
    wake?.();
  });
  stream.on("error", (error) => {
    failure ??= error;
    wake?.();
  });
  for (;;) {
    const out: T[] = [];
    for (let r = stream.read() as T | null; r !== null; r = stream.read() as T | null) out.push(r);
    if (out.length) yield out;
    if (failure) throw failure;
    if (ended) return;
    await new Promise<void>((resolve) => (wake = resolve));
    wake = undefined;
  }
}

function formatFrequency(stepMs: number): string {
  const units: [number, string][] = [
    [86_400_000, "d"],
    [3_600_000, "h"],
    [60_000, "m"],
    [1000, "s"],
  ];
  for (const [ms, unit] of units) if (stepMs % ms === 0) return `${stepMs / ms}${unit}`;
  return `${stepMs}ms`;
}

export async function importCsv(db: Db, params: ImportCsvParams): Promise<CsvImportResult> {
  const existing = params.newAsset ? await findAsset(db, { idOrSlug: params.asset }) : await getAsset(db, { idOrSlug: params.asset });
  const createAsset = existing ? undefined : { ...params.newAsset!, slug: params.asset };
  const parsedOptions = csvImportOptionsSchema.safeParse(params.options ?? {});
  const source = parsedOptions.success ? parsedOptions.data.source : "csv";
  if (!parsedOptions.success) {
    const error = toValidationError(parsedOptions.error);
    await recordFailedRun(db, { source, assetId: existing?.id ?? null }, 0, error);
    throw error;
  }
  const o = parsedOptions.data;
  const timeZone = o.timezone ?? existing?.timezone ?? createAsset?.timezone ?? "UTC";
  const missing = new Set(o.missingValues);
  let rowsRead = 0;
  let cellsMissing = 0;
  const timestampsByMetric = new Map<string, number[]>();

  const result = await runIngest(db, { source, assetId: existing?.id ?? null, createAsset, replayable: false }, async (sink) => {
    const parser = parse({ delimiter: o.delimiter, bom: true, skip_empty_lines: true, relax_quotes: false });
    // pipeline (not pipe) forwards a source error, e.g. a body over the size limit, into the parser.
    pipeline(toReadable(params.input), parser, () => {});
    let columns: ResolvedColumns | undefined;
    let buffers: SeriesBatch[] = [];
    let buffered = 0;
    const flush = async () => {
      if (buffered === 0) return;
      await sink.write(buffers);
      buffers = buffers.map((b) => ({ ...b, points: [] }));
      buffered = 0;
    };
    try {
      let row = 0;
      for await (const records of recordBatches<string[]>(parser)) {
        for (const record of records) {
          if (!columns) {
            columns = resolveColumns(record, o);
            buffers = columns.metrics.map((m) => ({ metric: m.metric, unit: m.unit, points: [] }));
            for (const m of columns.metrics) timestampsByMetric.set(m.metric, []);
            continue;
          }
          row++;
          rowsRead++;
          sink.countRows(1);
          // csv-parse already refuses rows whose cell count differs from the header's.
          const tsColumn = columns.tsName;
          const tsRaw = record[columns.tsIndex];
          const ts = parseTimestamp(tsRaw, { format: o.timestampFormat, timeZone, dateOnly: o.dateOnly });
          if (!ts.ok) {
            throw new ValidationError(`row ${row}, column "${tsColumn}": ${ts.reason}`, {
              field: "timestamp",
              row,
              column: tsColumn,
            });
          }
          for (let j = 0; j < columns.metrics.length; j++) {
            const m = columns.metrics[j];
            const cell = record[m.index].trim();
            if (missing.has(cell)) {
              if (!o.skipMissing) throw new ValidationError(`row ${row}, column "${m.column}": value is missing`, { field: m.metric, row, column: m.column });
              cellsMissing++;
              continue;
            }
            if (!DECIMAL_RE.test(cell)) {
              throw new ValidationError(`row ${row}, column "${m.column}": "${cell.slice(0, 40)}" is not a number`, {
                field: m.metric,
                row,
                column: m.column,
              });
            }
            buffers[j].points.push({ tsMs: ts.ms, value: Number(cell) });
            const sample = timestampsByMetric.get(m.metric)!;
            if (sample.length < FREQUENCY_SAMPLE) sample.push(ts.ms);
            buffered++;
          }
          if (buffered >= FLUSH_POINTS) await flush();
        }
      }
    } catch (error) {
      if (error instanceof CsvError) {
        const lines = typeof error.lines === "number" ? error.lines : undefined;
        const records = typeof error.records === "number" ? error.records : undefined;
        const row = records !== undefined ? records : lines !== undefined ? lines - 1 : undefined;
        throw new ValidationError(`malformed CSV${lines ? ` at line ${lines}` : ""}: ${error.message}`, { field: "csv", row });
      }
      throw error;
    }
    if (!columns) throw new ValidationError("the file is empty (no header row)", { field: "csv", row: 0 });
    await flush();
  });
  await recordFrequencies(db, result, timestampsByMetric);
  // Imported data makes the champions' precomputed forecasts stale too: queue their refresh (debounced, fail-soft).
  // And a drift scoring (debounced too); the runs queued are reported together.
  const seriesIds = result.series.map((s) => s.seriesId);
  const refreshes = result.rowsInserted + result.rowsUpdated > 0 ? [...(await refreshAfterIngest(db, { seriesIds })), ...(await driftAfterIngest(db, { seriesIds }))] : [];
  return { ...result, rowsRead, cellsMissing, ...(refreshes.length ? { forecastRefreshes: refreshes } : {}) };
}

/** Fills series.frequency (e.g. `30m`, `1d`) for series that have none yet, from the imported timestamps. */
async function recordFrequencies(db: Db, result: IngestResult, timestampsByMetric: Map<string, number[]>): Promise<void> {
  for (const { metric, seriesId } of result.series) {
    const ts = timestampsByMetric.get(metric);
    if (!ts || ts.length < 3) continue;
    const sorted = [...new Set(ts)].sort((a, b) => a - b);
    if (sorted.length < 3) continue;
    try {
      const stepMs = inferStepMs(sorted);
      await db
        .update(series)
        .set({ frequency: formatFrequency(stepMs) })
        .where(and(eq(series.id, seriesId), isNull(series.frequency)));
    } catch (error) {
      // The data is committed; a missing frequency hint must not turn the import into a failure.
      console.warn(`[ingest] could not record the frequency of series ${seriesId}:`, error);
    }
  }
}
