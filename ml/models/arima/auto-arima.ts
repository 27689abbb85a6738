import { InvalidInputError } from "../../errors";
import { normalQuantile } from "../../stats/normal";
import { ArimaFitError, fitStatsArima, xregColumn, type StatsArimaFit, type XregKind } from "./arima";
import { minRootModulus } from "./polyroot";
import { arimaLike, kalmanForecast, makeDelta, type ArimaSS } from "./state-space";
import { isConstant, ndiffs, nsdiffs } from "./unit-root";

/**
 * forecast 8.20's `auto.arima` (Hyndman & Khandakar 2008): d by KPSS, D by seasonal strength,
 * stepwise search over (p,q)(P,Q) and the constant from the same start models and neighbour moves,
 * AICc with forecast's parameter count, CSS approximation during the search for long or
 * high-frequency series (then ML refits in AICc order), and forecasts from the state-space form.
 */

export type InformationCriterion = "aicc" | "aic" | "bic";

export interface AutoArimaOptions {
  /** Seasonal models when m > 1 (default true). */
  seasonal?: boolean;
  /** Stepwise search (default true) or the full search of `search.arima`. */
  stepwise?: boolean;
  /** CSS during the search; null/undefined = R's default (n > 150 or m > 12). */
  approximation?: boolean | null;
  ic?: InformationCriterion;
  maxP?: number;
  maxQ?: number;
  maxSP?: number;
  maxSQ?: number;
  maxOrder?: number;
  maxD?: number;
  maxSD?: number;
  /** Fix d / D instead of testing. */
  d?: number;
  D?: number;
}

/** A fitted ARIMA model: what `forecastArima` and `updateArima` need, serialisable with `arimaToJSON`. */
export interface ArimaModel {
  order: [number, number, number];
  seasonal: [number, number, number];
  m: number;
  xreg: XregKind;
  /** Natural coefficients in R's order: ar, ma, sar, sma, then intercept or drift. */
  coef: Float64Array;
  coefNames: string[];
  sigma2: number;
  loglik: number;
  aic: number;
  aicc: number;
  bic: number;
  nobs: number;
  /** Innovation residuals (standardised by the Kalman gain, as R's `residuals()` of an Arima). */
  residuals: Float64Array;
  /** Observations filtered so far (the drift regressor's next index is n + 1). */
  n: number;
  /** Kalman state after the last observation. */
  state: ArimaSS;
  /** Set when the series is constant: forecasts repeat this value with zero variance (R does the same). */
  constantValue: number | null;
}

interface Candidate {
  ic: number;
  fit: StatsArimaFit | null;
  aicc: number;
  aic: number;
  bic: number;
  sigma2: number;
  order: [number, number, number];
  seasonal: [number, number, number];
  constant: boolean;
}

function firstLastFinite(x: Float64Array): [number, number] {
  let first = -1;
  let last = -1;
  for (let i = 0; i < x.length; i++)
    if (!Number.isNaN(x[i])) {
      if (first < 0) first = i;
      last = i;
    }
  return [first, last];
}

function countObserved(x: Float64Array): number {
  const [first, last] = firstLastFinite(x);
  if (first < 0) return 0;
  let n = 0;
  for (let i = first; i <= last; i++) if (!Number.isNaN(x[i])) n++;
  return n;
}

/** forecast:::myarima: one candidate fit, its information criterion, Inf when it fails the checks. */
function myarima(
  x: Float64Array,
  m: number,
  order: [number, number, number],
  seasonal: [number, number, number],
  constant: boolean,
  ic: InformationCriterion,
  approximation: boolean,
  offset: number,
  method?: "CSS-ML" | "ML",
): Candidate {
  const n = countObserved(x);
  const diffs = order[1] + seasonal[1];
  const xreg: XregKind = constant ? (diffs === 1 ? "drift" : diffs === 0 ? "intercept" : "none") : "none";
  const fail: Candidate = { ic: Infinity, fit: null, aicc: Infinity, aic: Infinity, bic: Infinity, sigma2: NaN, order, seasonal, constant };
  let fit: StatsArimaFit;
  try {
    fit = fitStatsArima(x, { order, seasonal, m, xreg, method: method ?? (approximation ? "CSS" : "CSS-ML") });
  } catch (e) {
    // An order that cannot be fitted is a candidate with infinite IC, as in R's auto.arima: the search moves on.
    if (e instanceof Error) return fail;
    throw e;
  }
  const nstar = n - order[1] - seasonal[1] * m;
  const npar = fit.mask.filter(Boolean).length + 1;
  let aic = fit.aic;
  if (fit.method === "CSS") aic = offset + nstar * Math.log(fit.sigma2) + 2 * npar;
  let bic = Infinity;
  let aicc = Infinity;
  let icv = Infinity;
  if (!Number.isNaN(aic)) {
    bic = aic + npar * (Math.log(nstar) - 2);
    aicc = aic + (2 * npar * (npar + 1)) / (nstar - npar - 1);
    icv = ic === "bic" ? bic : ic === "aic" ? aic : aicc;
  } else aic = Infinity;
  let ss = 0;
  for (let i = 0; i < fit.residuals.length; i++) if (!Number.isNaN(fit.residuals[i])) ss += fit.residuals[i] ** 2;
  const sigma2 = ss / (nstar - npar + 1);
  let minroot = 2;
  const rootCheck = (v: Float64Array, sign: number) => {
    let last = -1;
    for (let i = 0; i < v.length; i++) if (Math.abs(v[i]) > 1e-8) last = i;
    if (last < 0) return;
    const c = new Float64Array(last + 2);
    c[0] = 1;
    for (let i = 0; i <= last; i++) c[i + 1] = sign * v[i];
    minroot = Math.min(minroot, minRootModulus(c));
  };
  if (order[0] + seasonal[0] > 0) rootCheck(fit.model.phi, -1);
  if (order[2] + seasonal[2] > 0 && icv < Infinity) rootCheck(fit.model.theta, 1);
  let badVar = false;
  if (fit.varCoef) {
    const k = Math.round(Math.sqrt(fit.varCoef.length));
    for (let i = 0; i < k; i++) if (!(fit.varCoef[i + i * k] >= 0)) badVar = true;
  }
  if (minroot < 1 + 0.01 || badVar) icv = Infinity;
  return { ic: icv, fit, aicc, aic, bic, sigma2, order, seasonal, constant };
}

function coefNames(order: [number, number, number], seasonal: [number, number, number], xreg: XregKind): string[] {
  const names: string[] = [];
  for (let i = 1; i <= order[0]; i++) names.push(`ar${i}`);
  for (let i = 1; i <= order[2]; i++) names.push(`ma${i}`);
  for (let i = 1; i <= seasonal[0]; i++) names.push(`sar${i}`);
  for (let i = 1; i <= seasonal[2]; i++) names.push(`sma${i}`);
  if (xreg !== "none") names.push(xreg);
  return names;
}

function toModel(c: Candidate, m: number, n: number): ArimaModel {
  const fit = c.fit as StatsArimaFit;
  return {
    order: c.order,
    seasonal: c.seasonal,
    m,
    xreg: fit.xreg,
    coef: fit.coef,
    coefNames: coefNames(c.order, c.seasonal, fit.xreg),
    sigma2: c.sigma2,
    loglik: fit.loglik,
    aic: c.aic,
    aicc: c.aicc,
    bic: c.bic,
    nobs: fit.nobs,
    residuals: fit.residuals,
    n,
    state: fit.model,
    constantValue: null,
  };
}

/** forecast::Arima with every coefficient fixed (auto.arima's answer for a polynomial series). */
function fixedModel(x: Float64Array, m: number, order: [number, number, number], seasonal: [number, number, number], xreg: XregKind, value?: number): ArimaModel {
  const fit = fitStatsArima(x, { order, seasonal, m, xreg, method: "CSS-ML", fixedXreg: value });
  const n = countObserved(x);
  const nstar = n - order[1] - seasonal[1] * m;
  const npar = fit.mask.filter(Boolean).length + 1;
  let ss = 0;
  for (let i = 0; i < fit.residuals.length; i++) if (!Number.isNaN(fit.residuals[i])) ss += fit.residuals[i] ** 2;
  const aicc = fit.aic + 2 * npar * (nstar / (nstar - npar - 1) - 1);
  const c: Candidate = {
    ic: aicc,
    fit,
    aic: fit.aic,
    aicc,
    bic: fit.aic + npar * (Math.log(nstar) - 2),
    sigma2: ss / (nstar - npar + 1),
    order,
    seasonal,
    constant: xreg !== "none",
  };
  return toModel(c, m, x.length);
}

function diffLag(x: Float64Array, lag: number): Float64Array {
  const out = new Float64Array(Math.max(x.length - lag, 0));
  for (let t = lag; t < x.length; t++) out[t - lag] = x[t] - x[t - lag];
  return out;
}

function allNaN(x: Float64Array): boolean {
  for (let i = 0; i < x.length; i++) if (!Number.isNaN(x[i])) return false;
  return true;
}

/** Select and fit a (seasonal) ARIMA model to `values` with season length m, as forecast::auto.arima. */
/**
 * forecast::Arima(y, order, seasonal, include.constant) for the orders a search chose: the coefficients are
 * estimated again (CSS-ML) on `values` with `spec`'s orders, season and constant, without a search. Throws
 * ArimaFitError when that model cannot be estimated on these values (the caller then searches). A constant series gets the constant model, as from autoArima.
 */
export function refitArima(values: Float64Array, spec: Pick<ArimaModel, "order" | "seasonal" | "m" | "xreg">): ArimaModel {
  const [first] = firstLastFinite(values);
  if (first < 0) throw new InvalidInputError("series has no observed values", { field: "values" });
  const x = Float64Array.from(values.subarray(first));
  if (isConstant(x)) {
    const model = fixedModel(x, spec.m, [0, 0, 0], [0, 0, 0], "intercept", meanFinite(x));
    model.constantValue = x[0];
    return model;
  }
  let c = myarima(x, spec.m, [...spec.order], [...spec.seasonal], spec.xreg !== "none", "aicc", false, 0);
  // CSS can start outside the stationary region on a shorter stretch ("non-stationary AR part from CSS"):
  // then maximum likelihood from zero, as Arima(method = "ML").
  if (!c.fit) c = myarima(x, spec.m, [...spec.order], [...spec.seasonal], spec.xreg !== "none", "aicc", false, 0, "ML");
  // As forecast::Arima, not auto.arima: a fit near the unit circle is still a fit (the search's root and
  // variance checks are for choosing among orders, not for re-estimating a chosen one).
  if (!c.fit || !Number.isFinite(c.fit.loglik) || !(c.sigma2 > 0)) throw new ArimaFitError(`ARIMA${arimaOrderString(spec)} cannot be estimated on this stretch of the series`);
  return toModel(c, spec.m, x.length);
}

function arimaOrderString(spec: Pick<ArimaModel, "order" | "seasonal" | "m">): string {
  return `(${spec.order.join(",")})(${spec.seasonal.join(",")})[${spec.m}]`;
}

export function autoArima(values: Float64Array, m: number, opts: AutoArimaOptions = {}): ArimaModel {
  if (!Number.isInteger(m) || m < 1) throw new InvalidInputError(`season length must be a positive integer, got ${m}`, { field: "m" });
  const [first] = firstLastFinite(values);
  if (first < 0) throw new InvalidInputError("series has no observed values", { field: "values" });
  const x = values.subarray(first);
  const seasonalOpt = opts.seasonal ?? true;
  const stepwise = opts.stepwise ?? true;
  let ic: InformationCriterion = opts.ic ?? "aicc";
  const serieslength = countObserved(x);
  const freq = m;
  const approximation = opts.approximation ?? (x.length > 150 || freq > 12);
  if (isConstant(x)) {
    const model = fixedModel(x, m, [0, 0, 0], [0, 0, 0], "intercept", meanFinite(x));
    model.constantValue = x[0];
    return model;
  }
  const mm = seasonalOpt ? Math.max(1, Math.round(m)) : 1;
  let maxP = Math.min(opts.maxP ?? 5, Math.floor(serieslength / 3));
  let maxQ = Math.min(opts.maxQ ?? 5, Math.floor(serieslength / 3));
  let maxSP = Math.min(opts.maxSP ?? 2, Math.floor(serieslength / 3 / mm));
  let maxSQ = Math.min(opts.maxSQ ?? 2, Math.floor(serieslength / 3 / mm));
  const maxOrder = opts.maxOrder ?? 5;
  if (serieslength <= 3) ic = "aic";
  let D = opts.D ?? NaN;
  if (mm === 1) {
    D = 0;
    maxSP = 0;
    maxSQ = 0;
  } else if (Number.isNaN(D) && x.length <= 2 * mm) D = 0;
  else if (Number.isNaN(D)) {
    D = nsdiffs(Float64Array.from(x), mm, opts.maxSD ?? 1);
    if (D > 0 && allNaN(diffLag(x, mm))) D--;
  }
  let dx: Float64Array = Float64Array.from(x);
  for (let i = 0; i < D; i++) dx = diffLag(dx, mm);
  let d = opts.d ?? NaN;
  if (Number.isNaN(d)) {
    d = ndiffs(dx, opts.maxD ?? 2);
    if (d > 0) {
      let dd = dx;
      for (let i = 0; i < d; i++) dd = diffLag(dd, 1);
      if (allNaN(dd)) d--;
    }
  }
  for (let i = 0; i < d; i++) dx = diffLag(dx, 1);
  if (dx.length === 0) throw new InvalidInputError("not enough data to fit an ARIMA model", { field: "values" });
  const xs = Float64Array.from(x);
  if (isConstant(dx)) {
    if (D > 0 && d === 0) return fixedModel(xs, mm, [0, d, 0], [0, D, 0], "drift", meanFinite(dx) / mm);
    if (D > 0 && d > 0) return fixedModel(xs, mm, [0, d, 0], [0, D, 0], "none");
    if (d === 2) return fixedModel(xs, mm, [0, d, 0], [0, 0, 0], "none");
    return fixedModel(xs, mm, [0, d, 0], [0, 0, 0], d === 1 ? "drift" : "intercept", meanFinite(dx));
  }
  if (mm > 1) {
    if (maxSP > 0) maxP = Math.min(maxP, mm - 1);
    if (maxSQ > 0) maxQ = Math.min(maxQ, mm - 1);
  }
  let offset = 0;
  if (approximation) {
    try {
      const f0 = fitStatsArima(xs, {
        order: [0, d, 0],
        seasonal: [0, D, 0],
        m: mm,
        xreg: d + D === 0 ? "intercept" : "none",
        method: "CSS-ML",
      });
      offset = -2 * f0.loglik - serieslength * Math.log(f0.sigma2);
    } catch (e) {
      // R's auto.arima does the same: without the offset fit, ICs of the approximation are compared unshifted.
      if (!(e instanceof Error)) throw e;
      offset = 0;
    }
  }
  const allowdrift = d + D === 1;
  const allowmean = d + D === 0;
  let constant = allowdrift || allowmean;
  const fitOne = (p: number, q: number, P: number, Q: number, k: boolean, approx = approximation) =>
    myarima(xs, mm, [p, d, q], [P, D, Q], k, ic, approx, offset);

  const results: Candidate[] = [];
  let best: Candidate;
  if (!stepwise) {
    best = { ic: Infinity } as Candidate;
    const maxK = allowdrift || allowmean ? 1 : 0;
    for (let i = 0; i <= maxP; i++)
      for (let j = 0; j <= maxQ; j++)
        for (let I = 0; I <= maxSP; I++)
          for (let J = 0; J <= maxSQ; J++) {
            if (i + j + I + J > maxOrder) continue;
            for (let K = 0; K <= maxK; K++) {
              const c = fitOne(i, j, I, J, K === 1);
              results.push(c);
              if (c.ic < best.ic) best = c;
            }
          }
    if (!best.fit) throw new ArimaFitError("No ARIMA model able to be estimated");
    if (approximation) {
      const refit = fitOne(best.order[0], best.order[2], best.seasonal[0], best.seasonal[2], best.constant, false);
      if (refit.ic === Infinity) return autoArima(values, m, { ...opts, approximation: false });
      best = refit;
    }
    return toModel(best, mm, xs.length);
  }
  const nmodels = 94;
  let startP = 2;
  let startQ = 2;
  let startSP = 1;
  let startSQ = 1;
  if (xs.length < 10) {
    startP = Math.min(startP, 1);
    startQ = Math.min(startQ, 1);
    startSP = 0;
    startSQ = 0;
  }
  let p = (startP = Math.min(startP, maxP));
  let q = (startQ = Math.min(startQ, maxQ));
  let P = (startSP = Math.min(startSP, maxSP));
  let Q = (startSQ = Math.min(startSQ, maxSQ));
  best = fitOne(p, q, P, Q, constant);
  results.push(best);
  let fit = fitOne(0, 0, 0, 0, constant);
  results.push(fit);
  if (fit.ic < best.ic) {
    best = fit;
    p = q = P = Q = 0;
  }
  if (maxP > 0 || maxSP > 0) {
    const pp = maxP > 0 ? 1 : 0;
    const PP = mm > 1 && maxSP > 0 ? 1 : 0;
    fit = fitOne(pp, 0, PP, 0, constant);
    results.push(fit);
    if (fit.ic < best.ic) {
      best = fit;
      p = pp;
      P = PP;
      q = Q = 0;
    }
  }
  if (maxQ > 0 || maxSQ > 0) {
    const qq = maxQ > 0 ? 1 : 0;
    const QQ = mm > 1 && maxSQ > 0 ? 1 : 0;
    fit = fitOne(0, qq, 0, QQ, constant);
    results.push(fit);
    if (fit.ic < best.ic) {
      best = fit;
      p = P = 0;
      Q = QQ;
      q = qq;
    }
  }
  if (constant) {
    fit = fitOne(0, 0, 0, 0, false);
    results.push(fit);
    if (fit.ic < best.ic) {
      best = fit;
      p = q = P = Q = 0;
    }
  }
  const isNew = (a: number, b: number, c: number, e: number, k: boolean) =>
    !results.some((r) => r.order[0] === a && r.order[2] === b && r.seasonal[0] === c && r.seasonal[2] === e && r.constant === k);
  let k = results.length;
  let startk = 0;
  while (startk < k && k < nmodels) {
    startk = k;
    // Each move: when new, fit it; on improvement take it and restart the neighbourhood scan.
    const moves: [number, number, number, number, boolean, boolean][] = [
      [p, q, P - 1, Q, constant, P > 0],
      [p, q, P, Q - 1, constant, Q > 0],
      [p, q, P + 1, Q, constant, P < maxSP],
      [p, q, P, Q + 1, constant, Q < maxSQ],
      [p, q, P - 1, Q - 1, constant, Q > 0 && P > 0],
      [p, q, P - 1, Q + 1, constant, Q < maxSQ && P > 0],
      [p, q, P + 1, Q - 1, constant, Q > 0 && P < maxSP],
      [p, q, P + 1, Q + 1, constant, Q < maxSQ && P < maxSP],
      [p - 1, q, P, Q, constant, p > 0],
      [p, q - 1, P, Q, constant, q > 0],
      [p + 1, q, P, Q, constant, p < maxP],
      [p, q + 1, P, Q, constant, q < maxQ],
      [p - 1, q - 1, P, Q, constant, q > 0 && p > 0],
      [p - 1, q + 1, P, Q, constant, q < maxQ && p > 0],
      [p + 1, q - 1, P, Q, constant, q > 0 && p < maxP],
      [p + 1, q + 1, P, Q, constant, q < maxQ && p < maxP],
      [p, q, P, Q, !constant, allowdrift || allowmean],
    ];
    for (const [a, b, c, e, kk, ok] of moves) {
      if (!ok || !isNew(a, b, c, e, kk)) continue;
      k++;
      if (k > nmodels) break;
      fit = fitOne(a, b, c, e, kk);
      results.push(fit);
      if (fit.ic < best.ic) {
        best = fit;
        p = a;
        q = b;
        P = c;
        Q = e;
        constant = kk;
        break;
      }
    }
  }
  if (approximation && best.fit) {
    // refit by ML in order of the approximate criterion (stable, like R's order())
    const idx = results.map((_, i) => i).sort((i, j) => {
      const a = results[i].ic;
      const b = results[j].ic;
      return a === b ? i - j : a < b ? -1 : 1;
    });
    for (const i of idx) {
      const r = results[i];
      const refit = fitOne(r.order[0], r.order[2], r.seasonal[0], r.seasonal[2], r.constant, false);
      if (refit.ic < Infinity) {
        best = refit;
        break;
      }
    }
  }
  if (best.ic === Infinity || !best.fit) throw new ArimaFitError("No suitable ARIMA model found");
  return toModel(best, mm, xs.length);
}

function meanFinite(x: Float64Array): number {
  let s = 0;
  let n = 0;
  for (let i = 0; i < x.length; i++)
    if (!Number.isNaN(x[i])) {
      s += x[i];
      n++;
    }
  return s / n;
}

export interface ArimaForecast {
  mean: Float64Array;
  /** Forecast standard deviation per step. */
  sd: Float64Array;
  intervals: { level: number; lower: Float64Array; upper: Float64Array }[];
}

/** predict.Arima / forecast.Arima: Kalman forecasts, se = √(var·σ²); drift uncertainty ignored as in R. */
export function forecastArima(model: ArimaModel, h: number, levels: number[] = [80, 95]): ArimaForecast {
  if (!Number.isInteger(h) || h < 1) throw new InvalidInputError(`horizon must be a positive integer, got ${h}`, { field: "horizon" });
  for (const level of levels)
    if (!(level > 0 && level < 100)) throw new InvalidInputError(`interval level must be in (0, 100), got ${level}`, { field: "levels" });
  const mean = new Float64Array(h);
  const sd = new Float64Array(h);
  if (model.constantValue !== null) mean.fill(model.constantValue);
  else {
    const z = kalmanForecast(h, model.state);
    const beta = model.xreg === "none" ? 0 : model.coef[model.coef.length - 1];
    const xr = xregColumn(model.xreg, h, model.n);
    for (let i = 0; i < h; i++) {
      mean[i] = z.pred[i] + (xr ? beta * xr[i] : 0);
      sd[i] = Math.sqrt(z.variance[i] * model.sigma2);
    }
  }
  const intervals = levels.map((level) => {
    const qq = normalQuantile(0.5 * (1 + level / 100));
    const lower = new Float64Array(h);
    const upper = new Float64Array(h);
    for (let i = 0; i < h; i++) {
      lower[i] = mean[i] - qq * sd[i];
      upper[i] = mean[i] + qq * sd[i];
    }
    return { level, lower, upper };
  });
  return { mean, sd, intervals };
}

/** Filter new observations through the fitted model (no re-estimation): the state moves on, coefficients stay. */
export function updateArima(model: ArimaModel, newValues: Float64Array): ArimaModel {
  if (model.constantValue !== null) return { ...model, n: model.n + newValues.length };
  const s = model.state;
  const state: ArimaSS = { ...s, a: Float64Array.from(s.a), P: Float64Array.from(s.P), Pn: new Float64Array(s.rd * s.rd) };
  const y = Float64Array.from(newValues);
  const xr = xregColumn(model.xreg, y.length, model.n);
  if (xr) {
    const beta = model.coef[model.coef.length - 1];
    for (let t = 0; t < y.length; t++) y[t] -= beta * xr[t];
  }
  const resid = new Float64Array(y.length);
  arimaLike(y, state, -1, resid);
  const residuals = new Float64Array(model.residuals.length + y.length);
  residuals.set(model.residuals);
  residuals.set(resid, model.residuals.length);
  return { ...model, state, n: model.n + y.length, residuals };
}

/** "ARIMA(p,d,q)(P,D,Q)[m] with drift", R's arima.string. */
export function arimaString(model: ArimaModel): string {
  const [p, d, q] = model.order;
  const [P, D, Q] = model.seasonal;
  let s = `ARIMA(${p},${d},${q})`;
  if (P + D + Q > 0) s += `(${P},${D},${Q})[${model.m}]`;
  if (model.xreg === "drift") s += " with drift";
  else if (model.xreg === "intercept") s += " with non-zero mean";
  else if (d + D === 0) s += " with zero mean";
  return s;
}

export interface ArimaModelJSON {
  kind: "arima";
  version: 1;
  order: [number, number, number];
  seasonal: [number, number, number];
  m: number;
  xreg: XregKind;
  coef: number[];
  coefNames: string[];
  sigma2: number;
  loglik: number;
  aic: number;
  aicc: number;
  bic: number;
  nobs: number;
  n: number;
  residuals: (number | null)[];
  state: { phi: number[]; theta: number[]; delta: number[]; a: number[]; P: number[] };
  constantValue: number | null;
}

const num = (v: number) => (Number.isFinite(v) ? v : null);

export function arimaToJSON(model: ArimaModel): ArimaModelJSON {
  return {
    kind: "arima",
    version: 1,
    order: model.order,
    seasonal: model.seasonal,
    m: model.m,
    xreg: model.xreg,
    coef: Array.from(model.coef),
    coefNames: model.coefNames,
    sigma2: model.sigma2,
    loglik: model.loglik,
    aic: model.aic,
    aicc: model.aicc,
    bic: model.bic,
    nobs: model.nobs,
    n: model.n,
    residuals: Array.from(model.residuals, num),
    state: {
      phi: Array.from(model.state.phi),
      theta: Array.from(model.state.theta),
      delta: Array.from(model.state.delta),
      a: Array.from(model.state.a),
      P: Array.from(model.state.P),
    },
    constantValue: model.constantValue,
  };
}

export function arimaFromJSON(json: ArimaModelJSON): ArimaModel {
  if (!json || json.kind !== "arima" || json.version !== 1) throw new InvalidInputError("not a serialised ARIMA model (kind/version)", { field: "kind" });
  const phi = Float64Array.from(json.state.phi);
  const theta = Float64Array.from(json.state.theta);
  const delta = Float64Array.from(json.state.delta);
  const r = Math.max(phi.length, theta.length + 1);
  const rd = r + delta.length;
  if (json.state.a.length !== rd || json.state.P.length !== rd * rd)
    throw new InvalidInputError(`state has ${json.state.a.length} entries, the orders need ${rd}`, { field: "state" });
  const expected = makeDelta(json.order[1], json.seasonal[1], json.m);
  if (expected.length !== delta.length) throw new InvalidInputError("differencing does not match the orders", { field: "state.delta" });
  return {
    order: json.order,
    seasonal: json.seasonal,
    m: json.m,
    xreg: json.xreg,
    coef: Float64Array.from(json.coef),
    coefNames: json.coefNames,
    sigma2: json.sigma2,
    loglik: json.loglik,
    aic: json.aic,
    aicc: json.aicc,
    bic: json.bic,
    nobs: json.nobs,
    n: json.n,
    residuals: Float64Array.from(json.residuals, (v) => (v === null ? NaN : v)),
    state: { phi, theta, delta, r, rd, a: Float64Array.from(json.state.a), P: Float64Array.from(json.state.P), Pn: new Float64Array(rd * rd) },
    constantValue: json.constantValue,
  };
}
