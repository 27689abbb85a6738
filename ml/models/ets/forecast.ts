/**
 * Point forecasts and prediction intervals as forecast 8.20's `forecast.ets(simulate = FALSE)`:
 * analytic forecast variances (Hyndman et al. 2008, ch. 6) for class 1 (A,N/A(d),N/A), class 2
 * (M,N/A(d),N/A) and class 3 (M,N/A(d),M) models, Gaussian intervals mean ± z·sd; any other form
 * (multiplicative trend) by simulating sample paths of the fitted model (R's pegelsfcast.C), with
 * quantiles of type 8 at each step. The point forecast is the state recursion's, except for class 3
 * where R reports the forecast mean of class3().
 */
import { InvalidInputError } from "../../errors";
import { zForLevel } from "../../stats/normal";
import { gaussian, mulberry32 } from "../../stats/random";
import type { Interval } from "../../types";
import type { EtsFit } from "./ets-fit";
import { specOf } from "./fit";
import { MULT, NONE, pointForecast, stateFromVector, updateState } from "./recursion";

export interface EtsForecast {
  mean: Float64Array;
  intervals: Interval[];
  /** Forecast variance per step when analytic; null when intervals come from simulation. */
  variance: Float64Array | null;
}

export interface ForecastEtsOptions {
  /** Simulate intervals even for models with analytic variances (R's simulate = TRUE). */
  simulate?: boolean;
  /** Sample paths for simulated intervals (R: 5000). */
  npaths?: number;
  seed?: number;
}

type Mat = Float64Array[];
const zeros = (r: number, c: number): Mat => Array.from({ length: r }, () => new Float64Array(c));
function mul(a: Mat, b: Mat): Mat {
  const r = a.length;
  const k = b.length;
  const c = b[0].length;
  const out = zeros(r, c);
  for (let i = 0; i < r; i++) {
    const ai = a[i];
    const oi = out[i];
    for (let t = 0; t < k; t++) {
      const v = ai[t];
      if (v === 0) continue;
      const bt = b[t];
      for (let j = 0; j < c; j++) oi[j] += v * bt[j];
    }
  }
  return out;
}
const tr = (a: Mat): Mat => {
  const out = zeros(a[0].length, a.length);
  for (let i = 0; i < a.length; i++) for (let j = 0; j < a[0].length; j++) out[j][i] = a[i][j];
  return out;
};
function kron(a: Mat, b: Mat): Mat {
  const ra = a.length;
  const ca = a[0].length;
  const rb = b.length;
  const cb = b[0].length;
  const out = zeros(ra * rb, ca * cb);
  for (let i = 0; i < ra; i++)
    for (let j = 0; j < ca; j++)
      for (let r = 0; r < rb; r++) for (let c = 0; c < cb; c++) out[i * rb + r][j * cb + c] = a[i][j] * b[r][c];
  return out;
}
const add = (a: Mat, b: Mat): Mat => a.map((row, i) => row.map((v, j) => v + b[i][j]));
const scale = (a: Mat, s: number): Mat => a.map((row) => row.map((v) => v * s));

/** R's class1(): mean and variance of the linear homoscedastic models; cj are the ψ-weights. */
function class1(fit: EtsFit, h: number) {
  const x = fit.lastState;
  const p = x.length;
  const c = fit.components;
  const m = c.season === "N" ? 1 : fit.m;
  const phi = c.damped ? (fit.par.phi as number) : 1;
  const H = new Float64Array(p);
  H[0] = 1;
  if (c.season === "A") H[p - 1] = 1;
  if (c.trend === "A") H[1] = phi;
  const F = zeros(p, p);
  F[0][0] = 1;
  if (c.trend === "A") F[0][1] = F[1][1] = phi;
  if (c.season === "A") {
    F[p - m][p - 1] = 1;
    for (let i = 0; i < m - 1; i++) F[p - m + 1 + i][p - m + i] = 1;
  }
  const G = new Float64Array(p);
  G[0] = fit.par.alpha;
  if (c.trend === "A") G[1] = fit.par.beta as number;
  // R puts γ in row 3 whether or not there is a trend row (for A,N,A that is s1, not s0); kept to
  // reproduce R's intervals exactly.
  if (c.season === "A") G[2] = fit.par.gamma as number;
  const mu = new Float64Array(h);
  const cj = new Float64Array(h);
  let row = Float64Array.from(H); // H·F^j
  const next = new Float64Array(p);
  for (let j = 0; j < h; j++) {
    let a = 0;
    let g = 0;
    for (let i = 0; i < p; i++) {
      a += row[i] * x[i];
      g += row[i] * G[i];
    }
    mu[j] = a;
    cj[j] = g;
    next.fill(0);
    for (let i = 0; i < p; i++) {
      const v = row[i];
      if (v === 0) continue;
      const Fi = F[i];
      for (let k = 0; k < p; k++) next[k] += v * Fi[k];
    }
    row = Float64Array.from(next);
  }
  const sigma2 = fit.sigma2;
  const variance = new Float64Array(h);
  let cum = 0;
  for (let j = 0; j < h; j++) {
    variance[j] = sigma2 * (1 + cum);
    cum += cj[j] * cj[j];
  }
  return { mu, variance, cj };
}

function class2(fit: EtsFit, h: number) {
  const { mu, cj } = class1(fit, h);
  const s2 = fit.sigma2;
  const theta = new Float64Array(h);
  theta[0] = mu[0] * mu[0];
  for (let j = 1; j < h; j++) {
    let s = 0;
    for (let i = 0; i < j; i++) s += cj[i] * cj[i] * theta[j - 1 - i];
    theta[j] = mu[j] * mu[j] + s2 * s;
  }
  const variance = new Float64Array(h);
  for (let j = 0; j < h; j++) variance[j] = (1 + s2) * theta[j] - mu[j] * mu[j];
  return { mu, variance };
}

function class3(fit: EtsFit, h: number) {
  const x = fit.lastState;
  const p = x.length;
  const c = fit.components;
  const m = fit.m;
  const s2 = fit.sigma2;
  const alpha = fit.par.alpha;
  const k = c.trend === "N" ? 1 : 2;
  const H1: Mat = [new Float64Array(k).fill(1)];
  const H2: Mat = [new Float64Array(m)];
  H2[0][m - 1] = 1;
  let F1: Mat;
  let G1: Mat;
  if (c.trend === "N") {
    F1 = [Float64Array.of(1)];
    G1 = [Float64Array.of(alpha)];
  } else {
    const beta = fit.par.beta as number;
    F1 = [Float64Array.of(1, 1), Float64Array.of(0, c.damped ? (fit.par.phi as number) : 1)];
    G1 = [Float64Array.of(alpha, alpha), Float64Array.of(beta, beta)];
  }
  const F2 = zeros(m, m);
  F2[0][m - 1] = 1;
  for (let i = 1; i < m; i++) F2[i][i - 1] = 1;
  const G2 = zeros(m, m);
  G2[0][m - 1] = fit.par.gamma as number;
  let Mh = zeros(p - m, m);
  for (let i = 0; i < p - m; i++) for (let j = 0; j < m; j++) Mh[i][j] = x[i] * x[p - m + j];
  let Vh = zeros(k * m, k * m);
  const H21 = kron(H2, H1);
  const F21 = kron(F2, F1);
  const G21 = kron(G2, G1);
  const K = add(kron(G2, F1), kron(F2, G1));
  const F21t = tr(F21);
  const G21t = tr(G21);
  const Kt = tr(K);
  const H21t = tr(H21);
  const F2t = tr(F2);
  const G2t = tr(G2);
  const mu = new Float64Array(h);
  const variance = new Float64Array(h);
  for (let i = 0; i < h; i++) {
    mu[i] = mul(mul(H1, Mh), tr(H2))[0][0];
    variance[i] = (1 + s2) * mul(mul(H21, Vh), H21t)[0][0] + s2 * mu[i] * mu[i];
    // vec(Mh), column-major as R's c()
    const vec = zeros(k * m, 1);
    for (let j = 0; j < m; j++) for (let r = 0; r < k; r++) vec[j * k + r][0] = Mh[r][j];
    const vv = mul(vec, tr(vec));
    const FVF = mul(mul(F21, Vh), F21t);
    const inner = add(
      add(mul(mul(F21, Vh), G21t), mul(mul(G21, Vh), F21t)),
      add(mul(mul(K, add(Vh, vv)), Kt), scale(mul(mul(G21, add(scale(Vh, 3), scale(vv, 2))), G21t), s2)),
    );
    Vh = add(FVF, scale(inner, s2));
    Mh = add(mul(mul(F1, Mh), F2t), scale(mul(mul(G1, Mh), G2t), s2));
  }
  return { mu, variance };
}

/** Sample quantile of type 8 (Hyndman & Fan 1996), R's default in pegelsfcast.C. */
export function quantileType8(sorted: Float64Array, p: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const mm = (p + 1) / 3;
  const hpos = n * p + mm;
  const j = Math.floor(hpos);
  const g = hpos - j;
  const at = (i: number) => sorted[Math.min(Math.max(i, 1), n) - 1];
  return (1 - g) * at(j) + g * at(j + 1);
}

function simulated(fit: EtsFit, h: number, levels: number[], npaths: number, seed: number) {
  const spec = specOf(fit);
  const draw = gaussian(mulberry32(seed));
  const sd = Math.sqrt(fit.sigma2);
  const paths = Array.from({ length: h }, () => new Float64Array(npaths));
  const start = stateFromVector(spec, fit.lastState);
  const st = { l: 0, b: 0, ring: new Float64Array(start.ring.length), head: 0 };
  const mult = spec.error === MULT;
  for (let k = 0; k < npaths; k++) {
    st.l = start.l;
    st.b = start.b;
    st.ring.set(start.ring);
    st.head = start.head;
    for (let i = 0; i < h; i++) {
      let e = draw() * sd;
      const f = oneStepOf(spec, st);
      let y: number;
      if (mult) {
        if (e < -1) e = -1;
        y = f * (1 + e);
      } else y = f + e;
      paths[i][k] = y;
      updateState(spec, st, y);
    }
  }
  return levels.map((level) => {
    const lower = new Float64Array(h);
    const upper = new Float64Array(h);
    for (let i = 0; i < h; i++) {
      const finite = paths[i].filter((v) => v === v).sort();
      lower[i] = quantileType8(finite, 0.5 - level / 200);
      upper[i] = quantileType8(finite, 0.5 + level / 200);
    }
    return { level, lower, upper };
  });
}

function oneStepOf(spec: ReturnType<typeof specOf>, st: { l: number; b: number; ring: Float64Array; head: number }): number {
  let f: number;
  if (spec.trend === NONE) f = st.l;
  else if (spec.trend === 1) f = st.l + spec.phi * st.b;
  else f = st.b < 0 ? NaN : st.l * Math.pow(st.b, spec.phi);
  if (spec.season === 1) f += st.ring[st.head];
  else if (spec.season === MULT) f *= st.ring[st.head];
  return f;
}

/** Forecast h steps from a fitted (or updated) model, with intervals at `levels` (percent). */
export function forecastEts(fit: EtsFit, h: number, levels: number[], opts: ForecastEtsOptions = {}): EtsForecast {
  if (!Number.isInteger(h) || h < 1) throw new InvalidInputError(`ets: horizon must be a positive integer, got ${h}`, { field: "horizon" });
  for (const level of levels) {
    if (!(level > 0 && level < 100)) throw new InvalidInputError(`ets: interval level must be in (0, 100), got ${level}`, { field: "levels" });
  }
  const spec = specOf(fit);
  let mean = pointForecast(spec, stateFromVector(spec, fit.lastState), h);
  const c = fit.components;
  const linearTrend = c.trend !== "M";
  let variance: Float64Array | null = null;
  if (!opts.simulate && linearTrend) {
    if (c.error === "A" && c.season !== "M") variance = class1(fit, h).variance;
    else if (c.error === "M" && c.season !== "M") variance = class2(fit, h).variance;
    else if (c.error === "M" && c.season === "M") {
      // R reports class3()'s mean for these models: the forecast mean, which exceeds the
      // recursion's point forecast by σ²-terms from the product of level and season
      const r = class3(fit, h);
      variance = r.variance;
      mean = r.mu;
    }
  }
  let intervals: Interval[];
  if (variance) {
    const v = variance;
    intervals = levels.map((level) => {
      const z = zForLevel(level);
      const lower = new Float64Array(h);
      const upper = new Float64Array(h);
      for (let i = 0; i < h; i++) {
        const half = Math.sqrt(v[i]) * z;
        lower[i] = mean[i] - half;
        upper[i] = mean[i] + half;
      }
      return { level, lower, upper };
    });
  } else if (!(fit.sigma2 >= 0)) {
    intervals = levels.map((level) => ({ level, lower: new Float64Array(h).fill(NaN), upper: new Float64Array(h).fill(NaN) }));
  } else {
    intervals = simulated(fit, h, levels, opts.npaths ?? 5000, opts.seed ?? 1);
  }
  return { mean, intervals, variance };
}
