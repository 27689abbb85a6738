/**
 * Ridge regression forecaster on the same global features as the GBDT (ml/features). Features are
 * standardised (missing values imputed by the training mean, i.e. 0 after standardising), and the
 * weights solve the normal equations (ZᵀZ/n + λI) w = Zᵀ(y − ȳ)/n by Cholesky (Hoerl & Kennard 1970).
 *
 * Strategies: "direct" fits one ridge model PER horizon step (a linear model cannot use h as a feature
 * the way a tree can); "recursive" fits one one-step model and feeds it its predictions.
 * Prediction (normalised, see FeatureSpec.scaling): intercept + Σ_j w_j (x_j − mean_j) / std_j, then × the row scale — exportable to
 * ONNX as Sub, Div, MatMul, Add (after imputing NaN with mean_j).
 */
import { InvalidInputError, ModelStateError } from "@/ml/errors";
import { buildTrainingRows, viewOf, writeRow, type FeatureMatrix, type SeriesView } from "@/ml/features/build";
import { createFeatureSpec, type FeatureSpec, type FeatureSpecOptions, type FeatureStrategy } from "@/ml/features/spec";
import type { FitContext, Forecast, Forecaster, Series } from "@/ml/types";

export interface RidgeModel {
  /** Per-feature mean and standard deviation of the training rows (std 1 for constant features). */
  mean: Float64Array;
  std: Float64Array;
  /** Weights on standardised features; 0 for constant features. */
  weights: Float64Array;
  intercept: number;
}

export interface RidgeForecasterOptions {
  strategy?: FeatureStrategy;
  /** Penalty λ on standardised weights (loss is the MEAN squared error). */
  lambda?: number;
  features?: Partial<Omit<FeatureSpecOptions, "strategy" | "seasonLengths" | "horizon">>;
  maxOriginsPerSeries?: number;
  maxRows?: number;
}

export interface RidgeForecasterModels {
  strategy: FeatureStrategy;
  spec: FeatureSpec;
  /** direct: one model per step (index h−1); recursive: one model. */
  models: RidgeModel[];
}

export interface RidgeForecaster extends Forecaster {
  getModels(): RidgeForecasterModels;
}

/** In-place Cholesky factorisation of a symmetric positive-definite p×p matrix (lower triangle). */
export function choleskySolve(A: Float64Array, b: Float64Array, p: number): Float64Array {
  const L = Float64Array.from(A);
  for (let j = 0; j < p; j++) {
    let d = L[j * p + j];
    for (let k = 0; k < j; k++) d -= L[j * p + k] * L[j * p + k];
    if (!(d > 0)) throw new ModelStateError(`ridge: normal equations not positive definite at column ${j}; increase lambda`);
    const djj = Math.sqrt(d);
    L[j * p + j] = djj;
    for (let i = j + 1; i < p; i++) {
      let s = L[i * p + j];
      for (let k = 0; k < j; k++) s -= L[i * p + k] * L[j * p + k];
      L[i * p + j] = s / djj;
    }
  }
  const z = new Float64Array(p);
  for (let i = 0; i < p; i++) {
    let s = b[i];
    for (let k = 0; k < i; k++) s -= L[i * p + k] * z[k];
    z[i] = s / L[i * p + i];
  }
  const x = new Float64Array(p);
  for (let i = p - 1; i >= 0; i--) {
    let s = z[i];
    for (let k = i + 1; k < p; k++) s -= L[k * p + i] * x[k];
    x[i] = s / L[i * p + i];
  }
  return x;
}

/** Fits ridge on rows `rows` (indices into m) of a feature matrix; NaNs are imputed with the mean. */
export function fitRidge(X: Float32Array | Float64Array, y: ArrayLike<number>, nRows: number, p: number, lambda: number, rows?: Uint32Array): RidgeModel {
  if (!(lambda >= 0)) throw new InvalidInputError(`lambda must be >= 0, got ${lambda}`, { field: "lambda" });
  const idx = rows ?? Uint32Array.from({ length: nRows }, (_, i) => i);
  const n = idx.length;
  if (n === 0) throw new InvalidInputError("ridge needs at least one training row", { field: "rows" });
  const mean = new Float64Array(p);
  const cnt = new Float64Array(p);
  let ybar = 0;
  for (const r of idx) {
    ybar += y[r];
    for (let j = 0; j < p; j++) {
      const v = X[r * p + j];
      if (v === v) {
        mean[j] += v;
        cnt[j]++;
      }
    }
  }
  ybar /= n;
  for (let j = 0; j < p; j++) mean[j] = cnt[j] ? mean[j] / cnt[j] : 0;
  const std = new Float64Array(p);
  for (const r of idx) {
    for (let j = 0; j < p; j++) {
      const v = X[r * p + j];
      if (v === v) std[j] += (v - mean[j]) ** 2;
    }
  }
  const constant = new Uint8Array(p);
  for (let j = 0; j < p; j++) {
    std[j] = Math.sqrt(std[j] / n);
    if (!(std[j] > 1e-12)) {
      std[j] = 1;
      constant[j] = 1;
    }
  }
  // Accumulate ZᵀZ and Zᵀ(y − ȳ) (upper triangle, mirrored after).
  const A = new Float64Array(p * p);
  const b = new Float64Array(p);
  const z = new Float64Array(p);
  for (const r of idx) {
    for (let j = 0; j < p; j++) {
      const v = X[r * p + j];
      z[j] = v === v && !constant[j] ? (v - mean[j]) / std[j] : 0;
    }
    const t = y[r] - ybar;
    for (let i = 0; i < p; i++) {
      const zi = z[i];
      if (zi === 0) continue;
      b[i] += zi * t;
      const o = i * p;
      for (let j = i; j < p; j++) A[o + j] += zi * z[j];
    }
  }
  for (let i = 0; i < p; i++) {
    for (let j = i; j < p; j++) {
      A[i * p + j] /= n;
      A[j * p + i] = A[i * p + j];
    }
    b[i] /= n;
    // Constant columns are all-zero: a unit diagonal keeps the system definite and their weight 0.
    A[i * p + i] += constant[i] ? 1 : lambda + 1e-10;
  }
  const weights = choleskySolve(A, b, p);
  return { mean, std, weights, intercept: ybar };
}

export function predictRidge(model: RidgeModel, X: Float32Array | Float64Array, nRows: number, p: number): Float64Array {
  const out = new Float64Array(nRows);
  for (let r = 0; r < nRows; r++) {
    let s = model.intercept;
    for (let j = 0; j < p; j++) {
      const v = X[r * p + j];
      if (v === v) s += (model.weights[j] * (v - model.mean[j])) / model.std[j];
    }
    out[r] = s;
  }
  return out;
}

export function createRidgeForecaster(opts: RidgeForecasterOptions = {}): RidgeForecaster {
  const strategy = opts.strategy ?? "direct";
  const lambda = opts.lambda ?? 1e-2;
  let fitted: { series: Series[]; views: SeriesView[]; spec: FeatureSpec; models: RidgeModel[]; resid: Float64Array[] } | null = null;

  async function fit(series: Series[], ctx: FitContext): Promise<void> {
    if (series.length === 0) throw new InvalidInputError("fit needs at least one series", { field: "series" });
    const H = ctx.horizon;
    if (!Number.isInteger(H) || H < 1) throw new InvalidInputError(`horizon must be a positive integer, got ${H}`, { field: "horizon" });
    const timed = series.every((s) => s.startMs !== undefined && s.stepMs !== undefined);
    const spec = createFeatureSpec({ fourierOrder: timed ? 2 : 0, ...opts.features, strategy, seasonLengths: ctx.seasonLengths, horizon: H });
    const views = series.map((s, i) => viewOf(s, spec, i));
    const m: FeatureMatrix = buildTrainingRows(series, spec, {
      maxOriginsPerSeries: opts.maxOriginsPerSeries ?? 1000,
      maxRows: opts.maxRows ?? 400_000,
      seed: ctx.seed ?? 0,
    });
    if (m.nRows === 0) throw new InvalidInputError("series too short to build any training row", { field: "series" });
    const p = m.nFeatures;
    const models: RidgeModel[] = [];
    const resid: Float64Array[] = [];
    const steps = spec.strategy === "direct" ? spec.horizon : 1;
    const byStep: number[][] = Array.from({ length: steps }, () => []);
    for (let r = 0; r < m.nRows; r++) byStep[m.step[r] - 1].push(r);
    for (let h = 0; h < steps; h++) {
      const rows = Uint32Array.from(byStep[h]);
      if (rows.length === 0) throw new InvalidInputError(`no training rows for step ${h + 1}; series are too short for this horizon`, { field: "horizon" });
      const model = fitRidge(m.X, m.y, m.nRows, p, lambda, rows);
      models.push(model);
      // In-sample absolute residuals per step for fallback intervals (conformal calibration refines them).
      const sub = new Float32Array(rows.length * p);
      rows.forEach((r, k) => sub.set(m.X.subarray(r * p, (r + 1) * p), k * p));
      const pr = predictRidge(model, sub, rows.length, p);
      resid.push(Float64Array.from(rows, (r, k) => Math.abs(m.y[r] - pr[k])).sort());
      ctx.onProgress?.({ stage: "ridge", iteration: h + 1, total: steps });
    }
    fitted = { series, views, spec, models, resid };
  }

  async function forecast(horizon: number, levels: number[]): Promise<Forecast[]> {
    if (!fitted) throw new ModelStateError("ridge forecaster: forecast() called before fit()");
    const f = fitted;
    if (f.spec.strategy === "direct" && horizon > f.spec.horizon) {
      throw new InvalidInputError(`direct model was trained for ${f.spec.horizon} steps, asked for ${horizon}`, { field: "horizon" });
    }
    const p = f.spec.names.length;
    const row = new Float32Array(p);
    const norm = new Float64Array(2);
    return f.series.map((s, i) => {
      const v = f.spec.futureCovariates.length ? viewOf(s, f.spec, i, horizon) : f.views[i];
      const n = v.values.length;
      const mean = new Float64Array(horizon);
      const scales = new Float64Array(horizon);
      if (f.spec.strategy === "direct") {
        for (let h = 1; h <= horizon; h++) {
          writeRow(f.spec, v, n - 1, h, row, 0, norm);
          mean[h - 1] = norm[0] + predictRidge(f.models[h - 1], row, 1, p)[0] * norm[1];
          scales[h - 1] = norm[1];
        }
      } else {
        const values = new Float64Array(n + horizon);
        values.set(v.values);
        const ext = { ...v, values };
        for (let h = 1; h <= horizon; h++) {
          writeRow(f.spec, ext, n - 2 + h, 1, row, 0, norm);
          mean[h - 1] = norm[0] + predictRidge(f.models[0], row, 1, p)[0] * norm[1];
          values[n - 1 + h] = mean[h - 1];
          scales[h - 1] = norm[1];
        }
      }
      const intervals = levels.map((level) => {
        if (!(level > 0 && level < 100)) throw new InvalidInputError(`interval level must lie in (0, 100), got ${level}`, { field: "levels" });
        const lower = new Float64Array(horizon);
        const upper = new Float64Array(horizon);
        for (let h = 0; h < horizon; h++) {
          const res = f.resid[Math.min(h, f.resid.length - 1)];
          const w = res[Math.min(res.length - 1, Math.max(0, Math.ceil((level / 100) * (res.length + 1)) - 1))] * scales[h];
          lower[h] = mean[h] - w;
          upper[h] = mean[h] + w;
        }
        return { level, lower, upper };
      });
      return { id: s.id, mean, intervals };
    });
  }

  return {
    name: `ridge-${strategy}`,
    fit,
    forecast,
    getModels(): RidgeForecasterModels {
      if (!fitted) throw new ModelStateError("ridge forecaster: getModels() called before fit()");
      return { strategy, spec: fitted.spec, models: fitted.models };
    },
  };
}
