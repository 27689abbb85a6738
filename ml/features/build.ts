/**
 * Builds feature rows from a FeatureSpec (ml/features/spec.ts): training matrices across many series and
 * the rows a forecast needs. Rows are written into preallocated Float32Arrays (row-major) with no
 * per-row objects; NaN marks a missing feature (the GBDT routes it, ridge imputes it).
 */
import { InvalidInputError } from "@/ml/errors";
import { createRng } from "@/ml/gbdt/prng";
import type { Series } from "@/ml/types";
import { historyNeeded, type FeatureSpec } from "./spec";

/** A series as the builder reads it; `values` may be longer than the history (recursive forecasts append). */
export interface SeriesView {
  values: Float64Array;
  startMs?: number;
  stepMs?: number;
  /** Past covariates aligned with values (index t). */
  past: Float64Array[];
  /** Future covariate value at absolute index t for k-th future covariate (history then future part). */
  future: Float64Array[];
}

/** Resolves the covariates a spec names, checking they exist with the right lengths. */
export function viewOf(series: Series, spec: FeatureSpec, seriesIndex: number, horizon = 0): SeriesView {
  const n = series.values.length;
  const cov = series.covariates;
  const find = (name: string) => {
    const k = cov?.names.indexOf(name) ?? -1;
    if (!cov || k < 0) throw new InvalidInputError(`series "${series.id}" lacks covariate "${name}"`, { field: "covariates", row: seriesIndex });
    return k;
  };
  const past = spec.pastCovariates.map((name) => {
    const a = cov!.past[find(name)];
    if (a.length !== n) throw new InvalidInputError(`covariate "${name}" has ${a.length} past values, series has ${n}`, { field: "covariates.past", row: seriesIndex });
    return a;
  });
  const future = spec.futureCovariates.map((name) => {
    const k = find(name);
    const p = cov!.past[k];
    const f = cov!.future?.[k];
    if (horizon > 0 && (!f || f.length < horizon)) {
      throw new InvalidInputError(`covariate "${name}" needs ${horizon} future values, has ${f?.length ?? 0}`, { field: "covariates.future", row: seriesIndex });
    }
    const all = new Float64Array(n + (f?.length ?? 0));
    all.set(p);
    if (f) all.set(f, n);
    return all;
  });
  return { values: series.values, startMs: series.startMs, stepMs: series.stepMs, past, future };
}

/**
 * Per-row normalisation from the last `window` observed values ending at t, written to norm[0] (level)
 * and norm[1] (scale > 0). See FeatureSpec.scaling.
 */
export function rowNorm(values: Float64Array, t: number, window: number, scaling: FeatureSpec["scaling"], norm: Float64Array): void {
  let s = 0;
  let sa = 0;
  let sq = 0;
  let k = 0;
  for (let i = Math.max(0, t - window + 1); i <= t; i++) {
    const v = values[i];
    if (v === v) {
      s += v;
      sa += Math.abs(v);
      sq += v * v;
      k++;
    }
  }
  if (k === 0) {
    norm[0] = 0;
    norm[1] = 1;
    return;
  }
  if (scaling === "mean-abs") {
    const scale = sa / k;
    norm[0] = 0;
    norm[1] = scale > 0 && Number.isFinite(scale) ? scale : 1;
    return;
  }
  const mean = s / k;
  const sd = Math.sqrt(Math.max(0, sq / k - mean * mean));
  // A flat window has no spread: fall back to a small fraction of the level (or 1 around zero).
  const floor = 1e-3 * Math.abs(mean);
  const scale = Math.max(sd, floor);
  norm[0] = mean;
  norm[1] = scale > 0 && Number.isFinite(scale) ? scale : 1;
}

const DAY_MS = 86_400_000;

/**
/** Mean |y_i − y_{i−m}| over i in (t − window, t] where both are observed; 0 when none are. */
export function seasonalDiffScale(values: Float64Array, t: number, m: number, window: number): number {
  let s = 0;
  let k = 0;
  for (let i = Math.max(m, t - window + 1); i <= t; i++) {
    const d = values[i] - values[i - m];
    if (d === d) {
      s += Math.abs(d);
      k++;
    }
  }
  return k ? s / k : 0;
}

// The diff scale depends on (series, origin) only; direct rows repeat an origin for every step.
let cacheValues: Float64Array | null = null;
let cacheT = -1;
let cacheLast = NaN;
let cacheDiff = 0;

/**
 * Writes the features of (origin t, step h) into out[offset ..]. Reads values[i] only for i ≤ t.
 * Writes the target transform to norm[0] (offset) and norm[1] (scale): the model's target for a value
 * y is (y − norm[0]) / norm[1] (see FeatureSpec.target). norm must have length ≥ 2.
 */
export function writeRow(spec: FeatureSpec, s: SeriesView, t: number, h: number, out: Float32Array, offset: number, norm: Float64Array): void {
  const y = s.values;
  rowNorm(y, t, spec.scaleWindow, spec.scaling, norm);
  const level = norm[0];
  const scale = norm[1];
  const inv = 1 / scale;
  let o = offset;
  if (spec.strategy === "direct") out[o++] = h;
  for (const k of spec.lags) {
    const i = t + 1 - k;
    out[o++] = i >= 0 ? (y[i] - level) * inv : NaN;
  }
  for (const m of spec.seasonLengths) {
    const base = Math.ceil(h / m);
    for (let c = 1; c <= spec.seasonalCycles; c++) {
      const i = t + h - m * (base + c - 1);
      out[o++] = i >= 0 ? (y[i] - level) * inv : NaN;
    }
  }
  for (const w of spec.rollingWindows) {
    let sum = 0;
    let sq = 0;
    let mn = Infinity;
    let mx = -Infinity;
    let k = 0;
    for (let i = Math.max(0, t - w + 1); i <= t; i++) {
      const v = y[i];
      if (v === v) {
        sum += v;
        sq += v * v;
        if (v < mn) mn = v;
        if (v > mx) mx = v;
        k++;
      }
    }
    const mean = k ? sum / k : NaN;
    for (const stat of spec.rollingStats) {
      let v: number;
      if (k === 0) v = NaN;
      else if (stat === "mean") v = (mean - level) * inv;
      else if (stat === "std") v = Math.sqrt(Math.max(0, sq / k - mean * mean)) * inv;
      else if (stat === "min") v = (mn - level) * inv;
      else v = (mx - level) * inv;
      out[o++] = v;
    }
  }
  const target = t + h;
  const hasTime = s.startMs !== undefined && s.stepMs !== undefined && s.stepMs > 0;
  if (spec.fourierOrder > 0) {
    // Absolute phase when timestamps are known, so every series agrees on what phase 0 means.
    const abs = hasTime ? Math.round(s.startMs! / s.stepMs!) + target : target;
    for (const m of spec.seasonLengths) {
      const phase = (((abs % m) + m) % m) / m;
      for (let k = 1; k <= spec.fourierOrder && 2 * k <= m; k++) {
        out[o++] = Math.sin(2 * Math.PI * k * phase);
        out[o++] = Math.cos(2 * Math.PI * k * phase);
      }
    }
  }
  if (spec.calendar) {
    if (hasTime) {
      const ms = s.startMs! + target * s.stepMs!;
      const d = new Date(ms);
      out[o++] = d.getUTCHours() + d.getUTCMinutes() / 60;
      out[o++] = Math.floor(ms / DAY_MS + 4) % 7; // 1970-01-01 was a Thursday: 0 = Sunday
      out[o++] = d.getUTCMonth();
    } else {
      out[o++] = NaN;
      out[o++] = NaN;
      out[o++] = NaN;
    }
  }
  for (const p of s.past) out[o++] = t < p.length ? p[t] : NaN;
  for (const f of s.future) out[o++] = target < f.length ? f[target] : NaN;
  let offsetT = level;
  let scaleT = scale;
  if (spec.target === "seasonal-delta") {
    const m = Math.min(...spec.seasonLengths);
    // Keyed on the array, the origin and the origin's value (a recursive forecast rewrites its buffer).
    if (cacheValues !== y || cacheT !== t || !Object.is(cacheLast, y[t])) {
      cacheValues = y;
      cacheT = t;
      cacheLast = y[t];
      cacheDiff = seasonalDiffScale(y, t, m, spec.diffWindow);
    }
    const diff = cacheDiff;
    const bi = t + h - m * Math.ceil(h / m);
    const base = bi >= 0 ? y[bi] : NaN;
    offsetT = base === base ? base : level;
    // Floor: a perfectly periodic window has d = 0; never let the target scale collapse below 1% of the spread.
    scaleT = Math.max(diff, 1e-2 * scale);
    out[o++] = Math.log10(scaleT / scale);
  }
  if (spec.includeLogScale) {
    out[o++] = Math.log10(scale);
    out[o++] = level !== 0 ? scale / Math.abs(level) : NaN;
  }
  norm[0] = offsetT;
  norm[1] = scaleT;
}

export interface TrainingRowsOptions {
  /** Use at most this many most recent origins per series. */
  maxOriginsPerSeries?: number;
  /** Subsample rows uniformly (seeded) down to about this many. */
  maxRows?: number;
  /** Last index (exclusive) a training TARGET may have, per series: values beyond are unseen (validation). */
  targetEnd?: (seriesIndex: number, n: number) => number;
  /** Only origins at or after this index (e.g. the validation origin). */
  originStart?: (seriesIndex: number, n: number) => number;
  /** Only origins at or before this index. */
  originEnd?: (seriesIndex: number, n: number) => number;
  seed?: number;
}

export interface FeatureMatrix {
  X: Float32Array;
  /** Normalised targets (y[t+h] − level) / scale. */
  y: Float64Array;
  nRows: number;
  nFeatures: number;
  seriesIndex: Uint32Array;
  origin: Int32Array;
  step: Int32Array;
  level: Float64Array;
  scale: Float64Array;
}

/**
 * Training rows for every series: origins from the first with enough history (or half the series for
 * short ones) to n−2, the most recent `maxOriginsPerSeries` kept, all steps 1..spec.horizon whose target
 * is observed and before targetEnd.
 */
export function buildTrainingRows(series: Series[], spec: FeatureSpec, opts: TrainingRowsOptions = {}): FeatureMatrix {
  const need = historyNeeded(spec);
  const H = spec.horizon;
  const views = series.map((s, i) => viewOf(s, spec, i));
  // Pass 1: count candidate rows.
  const ranges: [number, number, number][] = []; // [tFrom, tTo, targetEnd]
  let total = 0;
  for (let i = 0; i < series.length; i++) {
    const n = series[i].values.length;
    const end = Math.min(n, opts.targetEnd ? opts.targetEnd(i, n) : n);
    let tFrom = Math.min(need - 1, Math.floor(end / 2));
    let tTo = end - 2; // at least one target before end
    if (opts.originEnd) tTo = Math.min(tTo, opts.originEnd(i, n));
    if (opts.maxOriginsPerSeries !== undefined) tFrom = Math.max(tFrom, tTo - opts.maxOriginsPerSeries + 1);
    if (opts.originStart) tFrom = Math.max(tFrom, Math.max(0, opts.originStart(i, n)));
    ranges.push([tFrom, tTo, end]);
    for (let t = tFrom; t <= tTo; t++) total += Math.min(H, end - 1 - t);
  }
  const keepP = opts.maxRows !== undefined && total > opts.maxRows ? opts.maxRows / total : 1;
  const rng = createRng(opts.seed ?? 0);
  const cap = keepP < 1 ? Math.ceil(total * keepP * 1.05 + 100) : total;
  const F = spec.names.length;
  let X = new Float32Array(cap * F);
  let y = new Float64Array(cap);
  let sIdx = new Uint32Array(cap);
  let org = new Int32Array(cap);
  let stp = new Int32Array(cap);
  let scl = new Float64Array(cap);
  let lvl = new Float64Array(cap);
  const norm = new Float64Array(2);
  let r = 0;
  for (let i = 0; i < series.length; i++) {
    const [tFrom, tTo, end] = ranges[i];
    const v = views[i];
    for (let t = tFrom; t <= tTo; t++) {
      for (let h = 1; h <= H && t + h < end; h++) {
        if (keepP < 1 && rng() >= keepP) continue;
        const target = v.values[t + h];
        if (target !== target) continue;
        if (r === y.length) {
          // Rare: the Bernoulli sample exceeded its 5% margin; grow the buffers.
          const grow = <T extends Float32Array | Float64Array | Uint32Array | Int32Array>(a: T, k: number): T => {
            const b = new (a.constructor as new (n: number) => T)(a.length * 2 + k);
            b.set(a);
            return b;
          };
          X = grow(X, F);
          y = grow(y, 1);
          sIdx = grow(sIdx, 1);
          org = grow(org, 1);
          stp = grow(stp, 1);
          scl = grow(scl, 1);
          lvl = grow(lvl, 1);
        }
        writeRow(spec, v, t, h, X, r * F, norm);
        y[r] = (target - norm[0]) / norm[1];
        lvl[r] = norm[0];
        sIdx[r] = i;
        org[r] = t;
        stp[r] = h;
        scl[r] = norm[1];
        r++;
      }
    }
  }
  return {
    X: X.subarray(0, r * F),
    y: y.subarray(0, r),
    nRows: r,
    nFeatures: F,
    seriesIndex: sIdx.subarray(0, r),
    origin: org.subarray(0, r),
    step: stp.subarray(0, r),
    level: lvl.subarray(0, r),
    scale: scl.subarray(0, r),
  };
}
