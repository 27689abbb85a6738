/**
 * ETS model estimation and selection, a port of forecast 8.20's `ets()` / `etsmodel()` (Hyndman,
 * Koehler, Ord & Snyder 2008): each candidate's smoothing parameters and initial states are
 * estimated together by maximising the likelihood (R's criterion "lik", Nelder–Mead from R's
 * starting values, maxit 2000) inside the usual ∩ admissible region; the candidate with the lowest
 * AICc wins, ties to the first in R's loop order (error A, M × trend N, A × season N, A, M ×
 * damped TRUE, FALSE). Restrictions as R's defaults: no multiplicative trend, no additive error
 * with a multiplicative season or trend, no multiplicative error or season on non-positive data,
 * seasonal models only for 1 < m ≤ 24 and n > m. A series too short for the requested model
 * (n ≤ #parameters + 4) gets R's Holt–Winters fallback (./holt-winters.ts).
 *
 * Deliberate differences from R: interior missing values stay in place (the state coasts) where
 * R keeps the longest stretch without them; when no candidate can be estimated we fall back to
 * Holt–Winters where R stops with an error. On M1 (1,001 series) the chosen model equals R's on
 * every series and the log-likelihood agrees to 1e-6 on all but one (QNB17, see ./admissible.ts).
 */
import { InvalidInputError } from "../../errors";
import type { ErrorType, EtsComponents, EtsFit, EtsParams, SeasonType, TrendType } from "./ets-fit";
import { checkParams, DEFAULT_BOUNDS, type ParamFlags } from "./admissible";
import { HoltWintersFailure, holtWintersZZ, type HwRequest } from "./holt-winters";
import { initialState } from "./init";
import { type NelderMeadResult, nelderMead, NonFiniteStartError } from "./nelder-mead";
import {
  ADD,
  MULT,
  NONE,
  filterPass,
  likelihood,
  stateFromVector,
  stateToVector,
  updateState,
  type ComponentCode,
  type FilterState,
  type Spec,
} from "./recursion";

export interface FitEtsOptions {
  /** Three letters error/trend/season from {A, M, Z} / {N, A, M, Z} / {N, A, M, Z}; "ZZZ" searches. */
  model?: string;
  /** true/false forces damping; null/undefined tries both. */
  damped?: boolean | null;
  /** Allow multiplicative trend in the search (R's allow.multiplicative.trend, default false). */
  allowMultiplicativeTrend?: boolean;
  /** Information criterion for the search. */
  ic?: "aicc" | "aic" | "bic";
  maxit?: number;
  /** Fixed smoothing parameters (not estimated), as R's alpha/beta/gamma/phi arguments. */
  fixed?: Partial<Record<"alpha" | "beta" | "gamma" | "phi", number>>;
}

const code = (c: "N" | "A" | "M"): ComponentCode => (c === "N" ? NONE : c === "A" ? ADD : MULT);

export function specOf(fit: Pick<EtsFit, "components" | "m" | "par">): Spec {
  const c = fit.components;
  return {
    m: c.season === "N" ? 1 : fit.m,
    error: c.error === "A" ? 1 : 2,
    trend: code(c.trend),
    season: code(c.season),
    alpha: fit.par.alpha,
    beta: c.trend === "N" ? 0 : (fit.par.beta as number),
    gamma: c.season === "N" ? 0 : (fit.par.gamma as number),
    phi: c.damped ? (fit.par.phi as number) : 1,
  };
}

export function methodName(c: EtsComponents): string {
  return `ETS(${c.error},${c.trend}${c.damped ? "d" : ""},${c.season})`;
}

interface Candidate {
  fit: EtsFit;
  ic: number;
}

/** R's initparam() for bounds = "both". */
function startParams(trend: boolean, season: boolean, damped: boolean, m: number, fixed: FitEtsOptions["fixed"]) {
  const lower = [...DEFAULT_BOUNDS.lower];
  const upper = [...DEFAULT_BOUNDS.upper];
  if (fixed?.alpha !== undefined) {
    upper[1] = Math.min(fixed.alpha, upper[1]);
    upper[2] = Math.min(1 - fixed.alpha, upper[2]);
  }
  if (fixed?.beta !== undefined) lower[0] = Math.max(fixed.beta, lower[0]);
  if (fixed?.gamma !== undefined) upper[0] = Math.min(1 - fixed.gamma, upper[0]);
  const names: ("alpha" | "beta" | "gamma" | "phi")[] = [];
  const values: number[] = [];
  let alpha = fixed?.alpha;
  if (alpha === undefined) {
    alpha = lower[0] + (0.2 * (upper[0] - lower[0])) / m;
    if (alpha > 1 || alpha < 0) alpha = lower[0] + 0.002;
    names.push("alpha");
    values.push(alpha);
  }
  if (trend && fixed?.beta === undefined) {
    const up = Math.min(upper[1], alpha);
    let beta = lower[1] + 0.1 * (up - lower[1]);
    if (beta < 0 || beta > alpha) beta = alpha - 0.001;
    names.push("beta");
    values.push(beta);
  }
  if (season && fixed?.gamma === undefined) {
    const up = Math.min(upper[2], 1 - alpha);
    let gamma = lower[2] + 0.05 * (up - lower[2]);
    if (gamma < 0 || gamma > 1 - alpha) gamma = 1 - alpha - 0.001;
    names.push("gamma");
    values.push(gamma);
  }
  if (damped && fixed?.phi === undefined) {
    let phi = lower[3] + 0.99 * (upper[3] - lower[3]);
    if (phi < 0 || phi > 1) phi = upper[3] - 0.001;
    names.push("phi");
    values.push(phi);
  }
  return { names, values, bounds: { lower, upper } as typeof DEFAULT_BOUNDS };
}

class ModelNotEstimable extends Error {}

/** etsmodel(): estimate one model form; throws ModelNotEstimable where R's try() would fail. */
export function fitEtsModel(
  y: Float64Array,
  mData: number,
  c: EtsComponents,
  opts: FitEtsOptions = {},
  yForInit: Float64Array = y,
): EtsFit | null {
  const seasonal = c.season !== "N";
  const m = seasonal ? mData : 1;
  const trendC = code(c.trend);
  const seasonC = code(c.season);
  const flags: ParamFlags = { beta: c.trend !== "N", gamma: seasonal, phi: c.damped };
  const fixed = opts.fixed ?? {};
  const start = startParams(c.trend !== "N", seasonal, c.damped, m, fixed);
  const get = (vals: ArrayLike<number>, name: "alpha" | "beta" | "gamma" | "phi", dflt: number) => {
    const i = start.names.indexOf(name);
    return i >= 0 ? vals[i] : (fixed[name] ?? dflt);
  };
  const a0 = get(start.values, "alpha", NaN);
  if (!checkParams(a0, get(start.values, "beta", 0), get(start.values, "gamma", 0), get(start.values, "phi", 1), m, flags, start.bounds)) {
    throw new ModelNotEstimable("parameters out of range");
  }
  let init: number[];
  try {
    init = initialState(yForInit, m, trendC, seasonC);
  } catch {
    throw new ModelNotEstimable("not enough data");
  }
  const nstate = init.length;
  const npar0 = start.values.length + nstate;
  if (npar0 >= y.length - 1) return null; // R: aic = Inf
  const spec: Spec = { m, error: c.error === "A" ? 1 : 2, trend: trendC, season: seasonC, alpha: 0, beta: 0, gamma: 0, phi: 1 };
  const st: FilterState = { l: 0, b: 0, ring: new Float64Array(m), head: 0 };
  const full = new Float64Array(nstate + (seasonal ? 1 : 0));
  const np = start.values.length;
  const off = c.trend !== "N" ? 2 : 1;
  const setState = (par: ArrayLike<number>): boolean => {
    let sum = 0;
    for (let i = 0; i < nstate; i++) {
      full[i] = par[np + i];
      if (i >= off) sum += full[i];
    }
    if (seasonal) {
      full[nstate] = (seasonC === MULT ? m : 0) - sum;
      if (seasonC === MULT) for (let i = off; i < full.length; i++) if (full[i] < 0) return false;
    }
    stateFromVector(spec, full, st);
    return true;
  };
  // positions of the estimated parameters in the optimiser's vector (−1: fixed or absent)
  const iA = start.names.indexOf("alpha");
  const iB = start.names.indexOf("beta");
  const iG = start.names.indexOf("gamma");
  const iP = start.names.indexOf("phi");
  const fA = fixed.alpha ?? NaN;
  const fB = flags.beta ? (fixed.beta ?? 0) : 0;
  const fG = flags.gamma ? (fixed.gamma ?? 0) : 0;
  const fP = flags.phi ? (fixed.phi ?? 1) : 1;
  const objective = (par: Float64Array): number => {
    spec.alpha = iA >= 0 ? par[iA] : fA;
    spec.beta = iB >= 0 ? par[iB] : fB;
    spec.gamma = iG >= 0 ? par[iG] : fG;
    spec.phi = iP >= 0 ? par[iP] : fP;
    if (!checkParams(spec.alpha, spec.beta, spec.gamma, spec.phi, m, flags, start.bounds)) return Infinity;
    if (!setState(par)) return Infinity;
    let lik = likelihood(spec, y, st);
    if (lik < -1e10) lik = -1e10;
    if (lik !== lik) return Infinity;
    return lik;
  };
  let res: NelderMeadResult;
  try {
    res = nelderMead(objective, start.values.concat(init), { maxit: opts.maxit ?? 2000 });
  } catch (e) {
    if (e instanceof NonFiniteStartError) throw new ModelNotEstimable(e.message);
    throw e;
  }
  objective(res.par); // leave spec at the optimum
  setState(res.par);
  const initState = Array.from(full);
  const pass = filterPass(spec, y, st);
  const k = np + nstate + 1;
  const ny = y.length;
  const aic = pass.lik + 2 * k;
  const bic = pass.lik + Math.log(ny) * k;
  const aicc = aic + (2 * k * (k + 1)) / (ny - k - 1);
  let sse = 0;
  for (let i = 0; i < ny; i++) if (pass.residuals[i] === pass.residuals[i]) sse += pass.residuals[i] * pass.residuals[i];
  const par: EtsParams = {
    alpha: spec.alpha,
    beta: flags.beta ? spec.beta : null,
    gamma: flags.gamma ? spec.gamma : null,
    phi: flags.phi ? spec.phi : null,
  };
  return {
    method: methodName(c),
    components: { ...c },
    m: mData,
    par,
    initState,
    lastState: stateToVector(spec, pass.final),
    loglik: -0.5 * pass.lik,
    aic,
    aicc,
    bic,
    // R divides by n − length(par), par holding the estimates, the initial states and any fixed parameters
    sigma2: sse / (ny - (np + nstate + Object.values(fixed).filter((v) => v !== undefined).length)),
    nobs: ny,
    source: "ets",
    states: { level: pass.level, trend: pass.trend, season: pass.season, fitted: pass.fitted, residuals: pass.residuals },
  };
}

function parseModel(model: string): [string, string, string] {
  if (model.length !== 3) throw new InvalidInputError(`ets: model must be three letters like "ZZZ" or "MAM", got "${model}"`, { field: "model" });
  const [e, t, s] = model.toUpperCase().split("");
  if (!"AMZ".includes(e)) throw new InvalidInputError(`ets: invalid error type "${e}" in model "${model}"`, { field: "model" });
  if (!"NAMZ".includes(t)) throw new InvalidInputError(`ets: invalid trend type "${t}" in model "${model}"`, { field: "model" });
  if (!"NAMZ".includes(s)) throw new InvalidInputError(`ets: invalid season type "${s}" in model "${model}"`, { field: "model" });
  return [e, t, s];
}

/**
 * Leading missing values are dropped; interior and trailing NaN are handled by the recursion
 * (the state coasts, the observation is left out of the likelihood) — R instead keeps only the
 * longest contiguous stretch, which would forecast from the wrong origin here.
 */
function prepare(values: Float64Array): Float64Array {
  let first = 0;
  while (first < values.length && !Number.isFinite(values[first])) first++;
  const y = values.slice(first);
  for (let i = 0; i < y.length; i++) {
    if (y[i] === Infinity || y[i] === -Infinity) throw new InvalidInputError(`ets: value at index ${first + i} is infinite`, { field: "values", row: first + i });
  }
  return y;
}

/** Linear interpolation of interior NaN (initial states only need a complete series); trailing NaN dropped. */
function interpolated(y: Float64Array): Float64Array {
  let last = y.length - 1;
  while (last >= 0 && y[last] !== y[last]) last--;
  const out = y.slice(0, last + 1);
  for (let i = 0; i < out.length; i++) {
    if (out[i] === out[i]) continue;
    let j = i;
    while (out[j] !== out[j]) j++;
    const a = out[i - 1];
    const b = out[j];
    for (let k = i; k < j; k++) out[k] = a + ((b - a) * (k - i + 1)) / (j - i + 1);
    i = j;
  }
  return out;
}

/**
 * Fit ETS to one series the way R's ets(y, model, damped) does. `m` is the season length of the
 * data (1 for none). Throws InvalidInputError for an impossible request (e.g. "MNN" on data with
 * zeros, a seasonal model on m = 1) and when the series has no observations.
 */
export function fitEts(values: Float64Array, m: number, opts: FitEtsOptions = {}): EtsFit {
  if (!Number.isInteger(m) || m < 1) throw new InvalidInputError(`ets: season length must be a positive integer, got ${m}`, { field: "m" });
  const model = opts.model ?? "ZZZ";
  const [et, tt, s0] = parseModel(model);
  let stype = s0;
  const raw = prepare(values);
  const observed = raw.filter((v) => v === v);
  if (observed.length === 0) throw new InvalidInputError("ets: series has no observed values", { field: "values" });
  const ny = raw.length;
  if (model === "ZZZ" && opts.damped == null && isConstant(observed)) return constantFit(raw, m, observed[0]);
  if (m <= 1 || ny <= m) {
    if (stype === "A" || stype === "M") {
      if (m <= 1) throw new InvalidInputError(`ets: model "${model}" is seasonal but the data are not (m = ${m})`, { field: "model" });
    }
    stype = "N";
  }
  if (m > 24) {
    if (stype === "A" || stype === "M") throw new InvalidInputError(`ets: season length ${m} is above 24, too high for a seasonal ETS model`, { field: "m" });
    stype = "N";
  }
  if ((et === "A" && (tt === "M" || stype === "M")) || (et === "M" && tt === "M" && stype === "A")) {
    throw new InvalidInputError(`ets: forbidden model combination "${model}"`, { field: "model" });
  }
  let min = Infinity;
  for (const v of observed) if (v < min) min = v;
  const positive = min > 0;
  if (!positive && et === "M") throw new InvalidInputError("ets: multiplicative error needs positive data", { field: "model" });
  if (opts.damped === true && tt === "N") throw new InvalidInputError("ets: damping needs a trend", { field: "damped" });
  // R's short-series rule: with too few observations for the parameters, fall back to Holt–Winters
  let npars = 2;
  if (tt === "A" || tt === "M") npars += 2;
  if (stype === "A" || stype === "M") npars += m;
  if (opts.damped != null) npars += opts.damped ? 1 : 0;
  const yFit = raw;
  if (ny <= npars + 4 || observed.length < 4) return shortSeriesFit(interpolated(raw), m, tt, stype);
  const errors: ErrorType[] = et === "Z" ? ["A", "M"] : [et as ErrorType];
  const trends: TrendType[] = tt === "Z" ? (opts.allowMultiplicativeTrend ? ["N", "A", "M"] : ["N", "A"]) : [tt as TrendType];
  const seasons: SeasonType[] = stype === "Z" ? ["N", "A", "M"] : [stype as SeasonType];
  const dampings = opts.damped == null ? [true, false] : [opts.damped];
  const ic = opts.ic ?? "aicc";
  let best: Candidate | null = null;
  const yInit = hasMissing(yFit) ? interpolated(yFit) : yFit;
  for (const e of errors)
    for (const t of trends)
      for (const s of seasons)
        for (const d of dampings) {
          if (t === "N" && d) continue;
          if (e === "A" && (t === "M" || s === "M")) continue;
          if (e === "M" && t === "M" && s === "A") continue;
          if (!positive && e === "M") continue;
          let fit: EtsFit | null;
          try {
            fit = fitEtsModel(yFit, m, { error: e, trend: t, season: s, damped: d }, opts, yInit);
          } catch (err) {
            if (err instanceof ModelNotEstimable) continue;
            throw err;
          }
          if (!fit) continue;
          const v = ic === "aicc" ? fit.aicc : ic === "aic" ? fit.aic : fit.bic;
          if (Number.isNaN(v)) continue;
          if (v < (best?.ic ?? Infinity)) best = { fit, ic: v };
        }
  if (!best) return shortSeriesFit(interpolated(raw), m, tt, stype);
  return best.fit;
}

function hasMissing(y: Float64Array): boolean {
  for (let i = 0; i < y.length; i++) if (y[i] !== y[i]) return true;
  return false;
}

function isConstant(v: Float64Array): boolean {
  for (let i = 1; i < v.length; i++) if (v[i] !== v[0]) return false;
  return true;
}

/** R: ses(y, alpha = 0.99999, initial = "simple") for a constant series: a flat forecast, zero spread. */
function constantFit(y: Float64Array, m: number, value: number): EtsFit {
  const c: EtsComponents = { error: "A", trend: "N", season: "N", damped: false };
  return {
    method: methodName(c),
    components: c,
    m,
    par: { alpha: 0.99999, beta: null, gamma: null, phi: null },
    initState: [value],
    lastState: [value],
    loglik: NaN,
    aic: NaN,
    aicc: NaN,
    bic: NaN,
    sigma2: 0,
    nobs: y.length,
    source: "constant",
  };
}

/**
 * R's fallback for series too short for the requested model (ets() when n ≤ #parameters + 4):
 * Holt–Winters with the requested season if any, else with the requested trend, else simple
 * exponential smoothing for "N" trend and season; with trend and season left to the search ("Z"),
 * Holt's linear method and SES are both fitted and the one with the smaller σ² is kept.
 */
function shortSeriesFit(y: Float64Array, m: number, trendRequest: string, seasonRequest: string): EtsFit {
  const tryHw = (req: HwRequest): EtsFit | null => {
    try {
      return { ...holtWintersZZ(y, m, req), m };
    } catch (e) {
      if (e instanceof HoltWintersFailure) return null;
      throw e;
    }
  };
  const exponential = trendRequest === "M";
  if (seasonRequest === "A" || seasonRequest === "M") {
    const f = tryHw({ trend: true, exponential, seasonal: seasonRequest === "A" ? "additive" : "multiplicative" });
    if (f) return f;
  }
  if (trendRequest === "A" || trendRequest === "M") {
    const f = tryHw({ trend: true, exponential, seasonal: "none" });
    if (f) return f;
  }
  if (trendRequest === "N" && seasonRequest === "N") {
    const f = tryHw({ trend: false, exponential: false, seasonal: "none" });
    if (f) return f;
  }
  const holt = y.length >= 2 ? tryHw({ trend: true, exponential, seasonal: "none" }) : null;
  const ses = tryHw({ trend: false, exponential: false, seasonal: "none" });
  const pick = !holt ? ses : ses && !(holt.sigma2 < ses.sigma2) ? ses : holt;
  if (!pick) throw new InvalidInputError("ets: unable to estimate a model for this series", { field: "values" });
  return pick;
}

/** Evaluate R's criterion `lik` for a model form at given parameters and initial state (no search). */
export function evaluateLik(y: Float64Array, m: number, c: EtsComponents, par: EtsParams, initState: ArrayLike<number>): number {
  const spec = specOf({ components: c, m, par });
  const st = stateFromVector(spec, initState);
  return likelihood(spec, y, st);
}

/**
 * Run the recursion forward over new observations with the parameters fixed (serving: no
 * re-estimation). NaN observations coast the state. Returns a new fit; sigma2 is kept.
 */
export function update(fit: EtsFit, newValues: ArrayLike<number>): EtsFit {
  const spec = specOf(fit);
  const st = stateFromVector(spec, fit.lastState);
  for (let i = 0; i < newValues.length; i++) {
    const v = newValues[i];
    if (v === Infinity || v === -Infinity) throw new InvalidInputError(`ets update: value at index ${i} is infinite`, { field: "newValues", row: i });
    updateState(spec, st, v);
  }
  return { ...fit, lastState: stateToVector(spec, st), nobs: fit.nobs + newValues.length, states: undefined };
}
