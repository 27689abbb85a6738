/**
 * Qlib's Alpha158 factor set (qlib/contrib/data/loader.py, `Alpha158DL.get_feature_config` with the handler's
 * default config: kbar, price windows [0] over open/high/low/vwap, rolling windows 5/10/20/30/60), in the same
 * column order and with the same names. Each factor is written as Qlib's expression, noted beside it.
 */
import { InvalidInputError } from "../../errors";
import {
  ref, rollingCorr, rollingIdxMax, rollingIdxMin, rollingMax, rollingMean, rollingMin, rollingQuantile,
  rollingRank, rollingResi, rollingRsquare, rollingSlope, rollingStd, rollingSum,
} from "./rolling";

export type Alpha158Bars = {
  open: Float64Array;
  high: Float64Array;
  low: Float64Array;
  close: Float64Array;
  volume: Float64Array;
  /** Volume-weighted average price; when absent the typical price (high + low + close) / 3 stands in. */
  vwap?: Float64Array;
};
export type Alpha158 = { names: string[]; columns: Float64Array[] };

export const ALPHA158_WINDOWS = [5, 10, 20, 30, 60] as const;
export const KBAR_NAMES = ["KMID", "KLEN", "KMID2", "KUP", "KUP2", "KLOW", "KLOW2", "KSFT", "KSFT2"] as const;
export const PRICE_NAMES = ["OPEN0", "HIGH0", "LOW0", "VWAP0"] as const;
export const ROLLING_OPERATORS = [
  "ROC", "MA", "STD", "BETA", "RSQR", "RESI", "MAX", "MIN", "QTLU", "QTLD", "RANK", "RSV", "IMAX", "IMIN", "IMXD",
  "CORR", "CORD", "CNTP", "CNTN", "CNTD", "SUMP", "SUMN", "SUMD", "VMA", "VSTD", "WVMA", "VSUMP", "VSUMN", "VSUMD",
] as const;
export type RollingOperator = (typeof ROLLING_OPERATORS)[number];

export const ALPHA158_NAMES: readonly string[] = [
  ...KBAR_NAMES,
  ...PRICE_NAMES,
  ...ROLLING_OPERATORS.flatMap((op) => ALPHA158_WINDOWS.map((d) => `${op}${d}`)),
];

/** Feature families for grouped importance: "kbar", "price", and one per rolling operator (its five windows). */
export const ALPHA158_FAMILIES: Readonly<Record<string, readonly string[]>> = {
  kbar: KBAR_NAMES,
  price: PRICE_NAMES,
  ...Object.fromEntries(ROLLING_OPERATORS.map((op) => [op, ALPHA158_WINDOWS.map((d) => `${op}${d}`)])),
};
export function alpha158Family(name: string): string {
  if ((KBAR_NAMES as readonly string[]).includes(name)) return "kbar";
  if ((PRICE_NAMES as readonly string[]).includes(name)) return "price";
  const op = name.replace(/\d+$/, "");
  if (!(ROLLING_OPERATORS as readonly string[]).includes(op)) throw new InvalidInputError(`unknown Alpha158 factor "${name}"`, { field: "name" });
  return op;
}

const EPS = 1e-12;
type Arr = Float64Array;
const map = (n: number, f: (i: number) => number): Arr => {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = f(i);
  return out;
};
/** numpy's maximum / minimum: NaN in, NaN out (Qlib's Greater / Less). */
const greater = (a: number, b: number) => (Number.isNaN(a) || Number.isNaN(b) ? NaN : Math.max(a, b));
const less = (a: number, b: number) => (Number.isNaN(a) || Number.isNaN(b) ? NaN : Math.min(a, b));

function validate(bars: Alpha158Bars): number {
  const n = bars.close.length;
  for (const field of ["open", "high", "low", "close", "volume", "vwap"] as const) {
    const a = bars[field];
    if (a === undefined && field === "vwap") continue;
    if (!(a instanceof Float64Array)) throw new InvalidInputError(`${field} must be a Float64Array`, { field });
    if (a.length !== n) throw new InvalidInputError(`${field} has ${a.length} values, close has ${n}`, { field });
  }
  return n;
}

export function computeAlpha158(bars: Alpha158Bars): Alpha158 {
  const n = validate(bars);
  const { open: o, high: h, low: l, close: c, volume: v } = bars;
  const vwap = bars.vwap ?? map(n, (i) => (h[i] + l[i] + c[i]) / 3);
  const cols: Arr[] = [];

  // kbar
  cols.push(map(n, (i) => (c[i] - o[i]) / o[i])); // ($close-$open)/$open
  cols.push(map(n, (i) => (h[i] - l[i]) / o[i])); // ($high-$low)/$open
  cols.push(map(n, (i) => (c[i] - o[i]) / (h[i] - l[i] + EPS)));
  cols.push(map(n, (i) => (h[i] - greater(o[i], c[i])) / o[i])); // ($high-Greater($open, $close))/$open
  cols.push(map(n, (i) => (h[i] - greater(o[i], c[i])) / (h[i] - l[i] + EPS)));
  cols.push(map(n, (i) => (less(o[i], c[i]) - l[i]) / o[i])); // (Less($open, $close)-$low)/$open
  cols.push(map(n, (i) => (less(o[i], c[i]) - l[i]) / (h[i] - l[i] + EPS)));
  cols.push(map(n, (i) => (2 * c[i] - h[i] - l[i]) / o[i])); // (2*$close-$high-$low)/$open
  cols.push(map(n, (i) => (2 * c[i] - h[i] - l[i]) / (h[i] - l[i] + EPS)));

  // price, window 0: $field/$close
  for (const p of [o, h, l, vwap]) cols.push(map(n, (i) => p[i] / c[i]));

  // Series the rolling operators share.
  const c1 = ref(c, 1);
  const v1 = ref(v, 1);
  const logV1 = map(n, (i) => Math.log(v[i] + 1)); // Log($volume+1)
  const ret = map(n, (i) => c[i] / c1[i]); // $close/Ref($close,1)
  const logVRatio = map(n, (i) => Math.log(v[i] / v1[i] + 1)); // Log($volume/Ref($volume, 1)+1)
  // Comparisons with NaN are false in numpy, so the first bar counts as neither up nor down.
  const up = map(n, (i) => (c[i] > c1[i] ? 1 : 0));
  const down = map(n, (i) => (c[i] < c1[i] ? 1 : 0));
  const gain = map(n, (i) => greater(c[i] - c1[i], 0));
  const loss = map(n, (i) => greater(c1[i] - c[i], 0));
  const move = map(n, (i) => Math.abs(c[i] - c1[i]));
  const vGain = map(n, (i) => greater(v[i] - v1[i], 0));
  const vLoss = map(n, (i) => greater(v1[i] - v[i], 0));
  const vMove = map(n, (i) => Math.abs(v[i] - v1[i]));
  const wv = map(n, (i) => Math.abs(c[i] / c1[i] - 1) * v[i]); // Abs($close/Ref($close, 1)-1)*$volume

  const W: readonly number[] = ALPHA158_WINDOWS;
  const perClose = (x: Arr) => map(n, (i) => x[i] / c[i]);
  const each = (f: (d: number) => Arr) => W.forEach((d) => cols.push(f(d)));
  const maxH = new Map(W.map((d) => [d, rollingMax(h, d)]));
  const minL = new Map(W.map((d) => [d, rollingMin(l, d)]));
  const idxMaxH = new Map(W.map((d) => [d, rollingIdxMax(h, d)]));
  const idxMinL = new Map(W.map((d) => [d, rollingIdxMin(l, d)]));
  const ratio = (a: Arr, b: Arr) => map(n, (i) => a[i] / (b[i] + EPS));

  each((d) => perClose(ref(c, d))); // ROC: Ref($close, d)/$close
  each((d) => perClose(rollingMean(c, d))); // MA
  each((d) => perClose(rollingStd(c, d))); // STD
  each((d) => perClose(rollingSlope(c, d))); // BETA: Slope($close, d)/$close
  each((d) => rollingRsquare(c, d)); // RSQR
  each((d) => perClose(rollingResi(c, d))); // RESI
  each((d) => perClose(maxH.get(d)!)); // MAX: Max($high, d)/$close
  each((d) => perClose(minL.get(d)!)); // MIN: Min($low, d)/$close
  each((d) => perClose(rollingQuantile(c, d, 0.8))); // QTLU
  each((d) => perClose(rollingQuantile(c, d, 0.2))); // QTLD
  each((d) => rollingRank(c, d)); // RANK
  each((d) => { // RSV: ($close-Min($low, d))/(Max($high, d)-Min($low, d)+1e-12)
    const mx = maxH.get(d)!, mn = minL.get(d)!;
    return map(n, (i) => (c[i] - mn[i]) / (mx[i] - mn[i] + EPS));
  });
  each((d) => map(n, (i) => idxMaxH.get(d)![i] / d)); // IMAX: IdxMax($high, d)/d
  each((d) => map(n, (i) => idxMinL.get(d)![i] / d)); // IMIN: IdxMin($low, d)/d
  each((d) => map(n, (i) => (idxMaxH.get(d)![i] - idxMinL.get(d)![i]) / d)); // IMXD
  each((d) => rollingCorr(c, logV1, d)); // CORR: Corr($close, Log($volume+1), d)
  each((d) => rollingCorr(ret, logVRatio, d)); // CORD
  const cntp = new Map(W.map((d) => [d, rollingMean(up, d)]));
  const cntn = new Map(W.map((d) => [d, rollingMean(down, d)]));
  each((d) => cntp.get(d)!); // CNTP: Mean($close>Ref($close, 1), d)
  each((d) => cntn.get(d)!); // CNTN
  each((d) => map(n, (i) => cntp.get(d)![i] - cntn.get(d)![i])); // CNTD
  const sums = (g: Arr, lo: Arr, mv: Arr) => {
    const sg = new Map(W.map((d) => [d, rollingSum(g, d)]));
    const sl = new Map(W.map((d) => [d, rollingSum(lo, d)]));
    const sm = new Map(W.map((d) => [d, rollingSum(mv, d)]));
    each((d) => ratio(sg.get(d)!, sm.get(d)!)); // SUMP: Sum(Greater(Δ, 0), d)/(Sum(Abs(Δ), d)+1e-12)
    each((d) => ratio(sl.get(d)!, sm.get(d)!)); // SUMN
    each((d) => map(n, (i) => (sg.get(d)![i] - sl.get(d)![i]) / (sm.get(d)![i] + EPS))); // SUMD
  };
  sums(gain, loss, move);
  each((d) => ratio(rollingMean(v, d), v)); // VMA: Mean($volume, d)/($volume+1e-12)
  each((d) => ratio(rollingStd(v, d), v)); // VSTD
  each((d) => ratio(rollingStd(wv, d), rollingMean(wv, d))); // WVMA
  sums(vGain, vLoss, vMove); // VSUMP, VSUMN, VSUMD

  return { names: [...ALPHA158_NAMES], columns: cols };
}
