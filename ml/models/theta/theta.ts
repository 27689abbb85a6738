import { impute } from "../../series/impute";
import type { Forecaster } from "../../types";
import { localForecaster, requireData, type LocalFit } from "../local";
import { isSeasonal, multiplicativeIndices } from "./decompose";
import { fitOptimisedTheta } from "./optimised";
import { fitSes } from "./ses";

export type ThetaVariant = "standard" | "otm" | "dotm";

export interface ThetaOptions {
  /** "standard": R's forecast::thetaf; "otm"/"dotm": Fiorucci et al. (2016). Default "standard". */
  variant?: ThetaVariant;
  /** Season length; defaults to the primary season of the fit context. */
  seasonLength?: number;
}

/**
 * The Theta method (Assimakopoulos & Nikolopoulos 2000), ported from R's `forecast::thetaf` 8.20:
 *
 * 1. Seasonal when m > 1, the series is not constant, n > 2m and |r_m| exceeds the 90 % one-sided
 *    bound of the lag-m autocorrelation; then y is divided by classical multiplicative seasonal
 *    indices (`decompose`), unless an index is below 1e-4.
 * 2. SES with alpha and l0 by MSE (ets "ANN", opt.crit "mse") on the adjusted series; the forecast
 *    adds drift b/2·(h−1 + (1−(1−α)^n)/α), b the OLS slope of the adjusted series on time.
 * 3. The forecasts are reseasonalised with the last m indices. Intervals are the SES model's:
 *    sd_h = σ·√(1 + (h−1)α²), σ² = SSE/(n−2) of the adjusted fit (not reseasonalised, as in thetaf).
 *
 * "otm" and "dotm" replace step 2 with the optimised models of ./optimised.ts (same seasonal step).
 * Missing values are linearly interpolated first.
 */
export function createThetaForecaster(opts: ThetaOptions = {}): Forecaster {
  const variant = opts.variant ?? "standard";
  const name = variant === "standard" ? "theta" : variant;
  return localForecaster(name, (raw, horizon, ctx) => {
    const last = requireData(name, raw);
    // Trailing missing values: forecast from the last observation, gap steps further out.
    const gap = raw.length - 1 - last;
    const x = impute(raw.slice(0, last + 1), "linear");
    const f = thetaFit(x, horizon + gap, Math.round(opts.seasonLength ?? ctx.seasonLengths[0] ?? 1), variant);
    return gap ? { mean: f.mean.slice(gap), sd: f.sd.slice(gap) } : f;
  });
}

/** Theta forecast of a complete series (no NaN) for `horizon` steps with season length m. */
export function thetaFit(x: Float64Array, horizon: number, m: number, variant: ThetaVariant = "standard"): LocalFit {
  const n = x.length;
  let idx: Float64Array | null = null;
  if (isSeasonal(x, m)) {
    const fig = multiplicativeIndices(x, m);
    if (fig.every((f) => Math.abs(f) >= 1e-4 && Number.isFinite(f))) idx = fig;
  }
  const y = idx ? Float64Array.from(x, (v, t) => v / idx[t % m]) : x;
  const mean = new Float64Array(horizon);
  const sd = new Float64Array(horizon);
  if (n < 3) {
    // Too short to estimate anything: the last value, no interval.
    mean.fill(y[n - 1]);
    sd.fill(NaN);
  } else if (variant === "standard") {
    const fit = fitSes(y);
    let sxy = 0, sxx = 0, ym = 0;
    const tm = (n - 1) / 2;
    for (let t = 0; t < n; t++) ym += y[t];
    ym /= n;
    for (let t = 0; t < n; t++) { sxy += (t - tm) * (y[t] - ym); sxx += (t - tm) ** 2; }
    const drift = sxx > 0 ? sxy / sxx / 2 : 0;
    const alpha = Math.max(1e-10, fit.alpha);
    const lead = (1 - (1 - alpha) ** n) / alpha;
    const sigma = Math.sqrt(fit.sigma2);
    for (let h = 0; h < horizon; h++) {
      mean[h] = fit.level + drift * (h + lead);
      sd[h] = sigma * Math.sqrt(h * alpha * alpha + 1);
    }
  } else {
    const fit = fitOptimisedTheta(y, horizon, variant === "dotm");
    mean.set(fit.mean);
    for (let h = 0; h < horizon; h++) sd[h] = fit.sigma * Math.sqrt(h * fit.alpha * fit.alpha + 1);
  }
  if (idx) {
    // thetaf: rep(tail(decomp$seasonal, m)) — the cycle continues after the last observation.
    for (let h = 0; h < horizon; h++) {
      const s = idx[(n + h) % m];
      mean[h] *= s;
      if (variant !== "standard") sd[h] *= s;
    }
  }
  return { mean, sd };
}
