/**
 * The ETS state recursion of Hyndman et al. (2008), written to follow forecast 8.20's `etscalc.c`
 * operation for operation (same update order and the same guards: HUGEN when a divisor is below
 * TOL, NaN forecast for a negative multiplicative growth) so the likelihood agrees with R's to
 * rounding. Seasonal states live in a ring buffer instead of being shifted every step (R copies m
 * values per observation); `ring[(head + i) % m]` is the season used i steps ahead.
 */

import { log } from "./log";

export const NONE = 0;
export const ADD = 1;
export const MULT = 2;
export type ComponentCode = 0 | 1 | 2;

const TOL = 1e-10;
const HUGEN = 1e10;

/** Model shape and smoothing parameters, as etscalc receives them (beta = 0, gamma = 0, phi = 1 when unused). */
export interface Spec {
  m: number;
  error: 1 | 2;
  trend: ComponentCode;
  season: ComponentCode;
  alpha: number;
  beta: number;
  gamma: number;
  phi: number;
}

/**
 * Mutable filter state: level, growth, and the m seasonal states in a ring. `head` indexes the
 * oldest season (R's s[m-1], the one the next one-step forecast uses).
 */
export interface FilterState {
  l: number;
  b: number;
  ring: Float64Array;
  head: number;
}

/** R's state layout [l, b?, s0 (newest) .. s_{m-1} (oldest)] into a filter state. */
export function stateFromVector(spec: Spec, x: ArrayLike<number>, into?: FilterState): FilterState {
  const m = spec.season > NONE ? spec.m : 1;
  const st = into ?? { l: 0, b: 0, ring: new Float64Array(m), head: 0 };
  st.l = x[0];
  st.b = spec.trend > NONE ? x[1] : 0;
  st.head = 0;
  if (spec.season > NONE) {
    const off = spec.trend > NONE ? 2 : 1;
    // ring[(head - 1 - k) mod m] = s_k with head = 0 → ring[m - 1 - k] = s_k
    for (let k = 0; k < m; k++) st.ring[m - 1 - k] = x[off + k];
  }
  return st;
}

/** The filter state back into R's layout [l, b?, s0 .. s_{m-1}]. */
export function stateToVector(spec: Spec, st: FilterState): number[] {
  const out = [st.l];
  if (spec.trend > NONE) out.push(st.b);
  if (spec.season > NONE) {
    const m = spec.m;
    for (let k = 0; k < m; k++) out.push(st.ring[(((st.head - 1 - k) % m) + m) % m]);
  }
  return out;
}

/** One-step forecast from the state (etscalc's forecast() at i = 0); NaN for a negative multiplicative growth. */
export function oneStep(spec: Spec, st: FilterState): number {
  let f: number;
  if (spec.trend === NONE) f = st.l;
  else if (spec.trend === ADD) f = st.l + spec.phi * st.b;
  else if (st.b < 0) return NaN;
  else f = st.l * Math.pow(st.b, spec.phi);
  if (spec.season === ADD) f = f + st.ring[st.head];
  else if (spec.season === MULT) f = f * st.ring[st.head];
  return f;
}

/** etscalc's update(): advance the state by one observation y (NaN = missing: the state coasts). */
export function updateState(spec: Spec, st: FilterState, y: number): void {
  const { trend, season, alpha, beta, gamma, phi } = spec;
  const oldl = st.l;
  const oldb = st.b;
  const olds = season > NONE ? st.ring[st.head] : 0;
  let q: number;
  let phib: number;
  if (trend === NONE) {
    q = oldl;
    phib = 0;
  } else if (trend === ADD) {
    phib = phi * oldb;
    q = oldl + phib;
  } else if (Math.abs(phi - 1.0) < TOL) {
    phib = oldb;
    q = oldl * oldb;
  } else {
    phib = Math.pow(oldb, phi);
    q = oldl * phib;
  }
  const missing = y !== y;
  let p: number;
  if (missing) p = q;
  else if (season === NONE) p = y;
  else if (season === ADD) p = y - olds;
  else p = Math.abs(olds) < TOL ? HUGEN : y / olds;
  const l = q + alpha * (p - q);
  st.l = l;
  if (trend > NONE) {
    let r: number;
    if (trend === ADD) r = l - oldl;
    else r = Math.abs(oldl) < TOL ? HUGEN : l / oldl;
    st.b = phib + (beta / alpha) * (r - phib);
  }
  if (season > NONE) {
    let t: number;
    if (missing) t = olds;
    else if (season === ADD) t = y - q;
    else t = Math.abs(q) < TOL ? HUGEN : y / q;
    st.ring[st.head] = olds + gamma * (t - olds);
    st.head = st.head + 1 === spec.m ? 0 : st.head + 1;
  }
}

/**
 * R's criterion `lik`: nobs·log(Σe²) (+ 2·Σlog|ŷ| for multiplicative errors), e the additive or
 * relative one-step error; NaN when a forecast is undefined. The state is advanced in place.
 * log(Σe²) is rounded as R's C library rounds it (./log.ts): that one value enters every
 * comparison Nelder–Mead makes. The per-step log|ŷ| use Math.log: a one-ulp difference in one of n
 * terms seldom changes the rounded sum, and on all 1,001 M1 series the choices and
 * log-likelihoods were the same either way, and the accurate log would take about a third of the
 * fitting time.
 */
export function likelihood(spec: Spec, y: Float64Array, st: FilterState): number {
  const n = y.length;
  const mult = spec.error === MULT;
  let sse = 0;
  let logs = 0;
  let nobs = 0;
  for (let i = 0; i < n; i++) {
    const f = oneStep(spec, st);
    if (f !== f) return NaN;
    const yi = y[i];
    if (yi === yi) {
      const e = mult ? (yi - f) / f : yi - f;
      sse += e * e;
      logs += Math.log(Math.abs(f));
      nobs++;
    }
    updateState(spec, st, yi);
  }
  let lik = nobs * log(sse);
  if (mult) lik += 2 * logs;
  return lik;
}

/** The full filter pass R's pegelsresid.C makes: residuals, fitted values and every state. */
export interface FilterPass {
  lik: number;
  residuals: Float64Array;
  fitted: Float64Array;
  level: Float64Array;
  trend: Float64Array | null;
  /** The newest seasonal state after each step (s0 of R's state matrix). */
  season: Float64Array | null;
  final: FilterState;
}

export function filterPass(spec: Spec, y: Float64Array, st: FilterState): FilterPass {
  const n = y.length;
  const mult = spec.error === MULT;
  const residuals = new Float64Array(n);
  const fitted = new Float64Array(n);
  const level = new Float64Array(n + 1);
  const trend = spec.trend > NONE ? new Float64Array(n + 1) : null;
  const season = spec.season > NONE ? new Float64Array(n + 1) : null;
  const m = spec.m;
  level[0] = st.l;
  if (trend) trend[0] = st.b;
  if (season) season[0] = st.ring[(st.head - 1 + m) % m];
  let sse = 0;
  let logs = 0;
  let nobs = 0;
  let lik = 0;
  for (let i = 0; i < n; i++) {
    const f = oneStep(spec, st);
    fitted[i] = f;
    if (f !== f) {
      lik = NaN;
      residuals.fill(NaN, i);
      fitted.fill(NaN, i);
      break;
    }
    const yi = y[i];
    const e = yi === yi ? (mult ? (yi - f) / f : yi - f) : NaN;
    residuals[i] = e;
    if (e === e) {
      sse += e * e;
      logs += Math.log(Math.abs(f));
      nobs++;
    }
    updateState(spec, st, yi);
    level[i + 1] = st.l;
    if (trend) trend[i + 1] = st.b;
    if (season) season[i + 1] = st.ring[(st.head - 1 + m) % m];
  }
  if (lik === 0) {
    lik = nobs * log(sse);
    if (mult) lik += 2 * logs;
  }
  return { lik, residuals, fitted, level, trend, season, final: st };
}

/** h-step point forecasts from a state: damped growth accumulates φ + φ² + … + φ^h. */
export function pointForecast(spec: Spec, st: FilterState, h: number): Float64Array {
  const f = new Float64Array(h);
  const { trend, season, phi, m } = spec;
  let phistar = phi;
  for (let i = 0; i < h; i++) {
    let v: number;
    if (trend === NONE) v = st.l;
    else if (trend === ADD) v = st.l + phistar * st.b;
    else if (st.b < 0) v = NaN;
    else v = st.l * Math.pow(st.b, phistar);
    if (season > NONE) {
      const s = st.ring[(st.head + i) % m];
      v = season === ADD ? v + s : v * s;
    }
    f[i] = v;
    // φ + φ² + … + φ^(i+2) for the next step (the sum class1()'s H·F^j·x gives)
    if (i < h - 1) phistar = Math.abs(phi - 1.0) < TOL ? phistar + 1.0 : phistar + Math.pow(phi, i + 2);
  }
  return f;
}

export function cloneState(st: FilterState): FilterState {
  return { l: st.l, b: st.b, ring: st.ring.slice(), head: st.head };
}
