/**
 * forecast 8.20's `HoltWintersZZ` / `zzhw`: the Holt–Winters fit ets() falls back to when a series
 * is too short for the requested state-space model (n ≤ #parameters + 4). Starting states as R:
 * l = y1 and b = y2 − y1 (or y2 / y1 for an exponential trend) without a season; with a season
 * l = mean of the first m values, b = (mean of the next m − l) / m, seasons the first m values less
 * (or over) l. Smoothing parameters in [0, 1] minimise the in-sample SSE from R's starting values
 * (initparam with bounds "usual"). R uses L-BFGS-B with numerical gradients; we use Nelder–Mead on
 * the box, so parameters can differ from R's in the last digits R's optimiser leaves unconverged.
 */
import type { EtsComponents, EtsFit } from "./ets-fit";
import { rMean } from "./init";
import { nelderMead } from "./nelder-mead";

export type HwSeasonal = "none" | "additive" | "multiplicative";

export interface HwRequest {
  /** Estimate a trend (R: beta = NULL); false is R's beta = FALSE. */
  trend: boolean;
  exponential: boolean;
  seasonal: HwSeasonal;
}

/** R's try() around HoltWintersZZ would have caught this. */
export class HoltWintersFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = "HoltWintersFailure";
  }
}

interface HwRun {
  sse: number;
  fitted: Float64Array;
  residuals: Float64Array;
  level: Float64Array;
  trend: Float64Array;
  /** m start values then one per observation (R's c(season0, season)). */
  season: Float64Array;
}

function zzhw(
  x: Float64Array,
  m: number,
  alpha: number,
  beta: number,
  gamma: number,
  seasonal: HwSeasonal,
  exponential: boolean,
  l0: number,
  b0: number,
  s0: Float64Array,
  out: HwRun | null,
): number {
  const n = x.length;
  const add = seasonal !== "multiplicative";
  let lastlevel = l0;
  let lasttrend = b0;
  let sse = 0;
  // seasons: a ring of the last m values, oldest at `head`
  const ring = out ? out.season : s0.slice();
  if (out) out.season.set(s0);
  for (let i = 0; i < n; i++) {
    let lastseason = out ? ring[i] : ring[i % m];
    if (lastseason !== lastseason) lastseason = add ? 0 : 1;
    const tr = exponential ? lastlevel * lasttrend : lastlevel + lasttrend;
    const xhat = add ? tr + lastseason : tr * lastseason;
    const res = x[i] - xhat;
    sse += res * res;
    const level = add ? alpha * (x[i] - lastseason) + (1 - alpha) * tr : alpha * (x[i] / lastseason) + (1 - alpha) * tr;
    const trend = exponential ? beta * (level / lastlevel) + (1 - beta) * lasttrend : beta * (level - lastlevel) + (1 - beta) * lasttrend;
    const season = add ? gamma * (x[i] - tr) + (1 - gamma) * lastseason : gamma * (x[i] / tr) + (1 - gamma) * lastseason;
    if (out) {
      out.fitted[i] = xhat;
      out.residuals[i] = res;
      out.level[i + 1] = level;
      out.trend[i + 1] = trend;
      ring[m + i] = season;
    } else ring[i % m] = season;
    lastlevel = level;
    lasttrend = trend;
  }
  return sse;
}

/** HoltWintersZZ(x, beta = trend ? NULL : FALSE, gamma = seasonal ? NULL : FALSE, exponential). */
export function holtWintersZZ(x: Float64Array, frequency: number, req: HwRequest): EtsFit {
  const n = x.length;
  let seasonal: HwSeasonal = frequency <= 1 ? "none" : req.seasonal;
  // zzhw without a trend would forecast lastlevel · 0 when exponential; R never asks for that pairing
  // with a usable result, so an exponential request without a trend is the additive one
  const exponential = req.exponential && req.trend;
  const m = frequency;
  if (seasonal === "multiplicative") for (let i = 0; i < n; i++) if (!(x[i] > 0)) throw new HoltWintersFailure("data must be positive for multiplicative Holt-Winters");
  let l0: number;
  let b0 = 0;
  let s0: Float64Array;
  const doSeason = seasonal !== "none";
  if (!doSeason) {
    seasonal = "none";
    l0 = x[0];
    if (req.trend) b0 = exponential ? x[1] / x[0] : x[1] - x[0];
    s0 = new Float64Array(m).fill(0);
  } else {
    if (n < 2 * m) throw new HoltWintersFailure("a seasonal Holt-Winters start needs two full seasons");
    l0 = rMean(x.subarray(0, m));
    b0 = (rMean(x.subarray(m, 2 * m)) - l0) / m;
    s0 = Float64Array.from(x.subarray(0, m), (v) => (seasonal === "additive" ? v - l0 : v / l0));
  }
  const trendType = !req.trend ? "N" : exponential ? "M" : "A";
  if (trendType === "N") b0 = 0;
  // without a season zzhw sets every start season to the neutral value
  if (!doSeason) s0.fill(0);
  // initparam(..., lower = 0, upper = 1, m = frequency, bounds = "usual")
  const start: number[] = [];
  const alpha0 = (0.2 * 1) / m;
  start.push(alpha0 > 1 || alpha0 < 0 ? 0.002 : alpha0);
  if (trendType !== "N") {
    let beta = 0.1 * Math.min(1, start[0]);
    if (beta < 0 || beta > start[0]) beta = start[0] - 0.001;
    start.push(beta);
  }
  if (doSeason) {
    let gamma = 0.05 * Math.min(1, 1 - start[0]);
    if (gamma < 0 || gamma > 1 - start[0]) gamma = 1 - start[0] - 0.001;
    start.push(gamma);
  }
  const clamp = (v: number) => (v < 0 ? 0 : v > 1 ? 1 : v);
  const iB = trendType !== "N" ? 1 : -1;
  const iG = doSeason ? (iB > 0 ? 2 : 1) : -1;
  const sse = (p: ArrayLike<number>) =>
    zzhw(x, m, clamp(p[0]), iB > 0 ? clamp(p[iB]) : 0, iG > 0 ? clamp(p[iG]) : 0, seasonal, exponential, l0, b0, s0, null);
  if (!Number.isFinite(sse(start))) throw new HoltWintersFailure("non-finite SSE at the starting values");
  // SSE at the nearest point of the box plus a penalty growing with the distance outside it, so
  // the simplex is pulled back instead of drifting over a flat region; restarted from the best
  // point until it stops improving (a simplex collapsed against a bound can stall short of the
  // optimum L-BFGS-B finds).
  const penalised = (p: Float64Array) => {
    let out = 0;
    for (let i = 0; i < p.length; i++) out += p[i] < 0 ? -p[i] : p[i] > 1 ? p[i] - 1 : 0;
    const v = sse(p);
    return out > 0 ? v + (Math.abs(v) + 1) * out : v;
  };
  let opt = nelderMead(penalised, start, { maxit: 2000 });
  for (let k = 0; k < 4; k++) {
    const again = nelderMead(penalised, opt.par, { maxit: 2000 });
    if (!(again.value < opt.value - 1e-10 * Math.abs(opt.value))) break;
    opt = again;
  }
  const alpha = clamp(opt.par[0]);
  const beta = iB > 0 ? clamp(opt.par[iB]) : 0;
  const gamma = iG > 0 ? clamp(opt.par[iG]) : 0;
  const run: HwRun = {
    sse: 0,
    fitted: new Float64Array(n),
    residuals: new Float64Array(n),
    level: new Float64Array(n + 1),
    trend: new Float64Array(n + 1),
    season: new Float64Array(m + n),
  };
  run.level[0] = l0;
  run.trend[0] = b0;
  run.sse = zzhw(x, m, alpha, beta, gamma, seasonal, exponential, l0, b0, s0, run);
  if (!Number.isFinite(run.sse)) throw new HoltWintersFailure("non-finite SSE at the optimum");
  const seasonType = seasonal === "none" ? "N" : seasonal === "additive" ? "A" : "M";
  const error = seasonal === "multiplicative" || (seasonal === "none" && exponential) ? "M" : "A";
  const c: EtsComponents = { error, trend: trendType, season: seasonType, damped: false };
  // state rows as R's: [l, b?, s1 (newest) .. sm (oldest)]
  const row = (t: number): number[] => {
    const r = [run.level[t]];
    if (trendType !== "N") r.push(run.trend[t]);
    if (doSeason) for (let i = 1; i <= m; i++) r.push(run.season[m - i + t]);
    return r;
  };
  let s2 = 0;
  for (let i = 0; i < n; i++) {
    const e = error === "A" ? run.residuals[i] : run.residuals[i] / run.fitted[i];
    s2 += e * e;
  }
  // the newest season after each step, as the ETS filter reports it
  let season: Float64Array | null = null;
  if (doSeason) {
    season = new Float64Array(n + 1);
    for (let t = 0; t <= n; t++) season[t] = run.season[m - 1 + t];
  }
  return {
    method: `ETS(${c.error},${c.trend},${c.season})`,
    components: c,
    m: frequency,
    par: { alpha, beta: trendType !== "N" ? beta : null, gamma: doSeason ? gamma : null, phi: null },
    initState: row(0),
    lastState: row(n),
    loglik: NaN,
    aic: NaN,
    aicc: NaN,
    bic: NaN,
    sigma2: s2 / n,
    nobs: n,
    source: "holt-winters",
    states: { level: run.level, trend: trendType !== "N" ? run.trend : null, season, fitted: run.fitted, residuals: run.residuals },
  };
}
