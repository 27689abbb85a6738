import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { fitStatsArima, type XregKind } from "./arima";
import { arimaFromJSON, arimaString, arimaToJSON, autoArima, createArimaForecaster, forecastArima, refitArima, updateArima } from "./index";
import { armaLikeFast, arimaLike, getQ0, makeArimaSS, stationaryCovariance, transPars } from "./state-space";
import { ndiffs, nsdiffs } from "./unit-root";

/** Written by bench/r/arima-fixtures.R (R 4.2.2, forecast 8.20). */
interface Forced {
  order: [number, number, number];
  seasonal: [number, number, number];
  constant: XregKind;
  error: boolean;
  coef?: Record<string, number>;
  loglik?: number;
}
interface Fixture {
  id: string;
  kind: string;
  m: number;
  h: number;
  values: number[];
  auto: { string: string; order: number[]; seasonal: number[]; coef: Record<string, number>; sigma2: number; loglik: number | null; aicc: number | null };
  nsdiffs: number;
  ndiffs: number;
  forecast: { mean: number[]; lower80: number[]; upper80: number[]; lower95: number[]; upper95: number[] };
  forced: Forced[];
}
interface Q0Case { phi: number[]; theta: number[]; gardner: number[]; rossignol: number[] }
const { series: fixtures, q0: q0cases } = JSON.parse(readFileSync(path.join(import.meta.dirname, "fixtures/auto-arima.json"), "utf8")) as { series: Fixture[]; q0: Q0Case[] };

/** Largest |a − b| over the series' scale (max |value|), so small and large series are judged alike. */
const scaledErr = (a: ArrayLike<number>, b: ArrayLike<number>, scale: number) => {
  let worst = 0;
  for (let i = 0; i < b.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]) / scale);
  return worst;
};
const scaleOf = (f: Fixture) => Math.max(...f.values.map(Math.abs), 1e-9);

// Fitted once per series and shared by the assertions below (each autoArima is a full order search).
const fits = new Map(fixtures.map((f) => [f.id, autoArima(Float64Array.from(f.values), f.m)] as const));

describe("autoArima vs R forecast::auto.arima 8.20 (fixtures: 12 M1 series + 6 synthetic)", () => {
  it("the fixtures cover yearly, quarterly, monthly and the synthetic edge cases", () => {
    const kinds = new Set(fixtures.map((f) => f.kind));
    expect([...kinds].sort()).toEqual(["m1-monthly", "m1-quarterly", "m1-yearly", "synthetic"]);
    expect(fixtures.map((f) => f.id)).toEqual(expect.arrayContaining(["ar1", "seasonal-rw", "drift", "constant", "short", "short-seasonal"]));
  });

  it.each(fixtures.map((f) => [f.id, f] as const))("%s: same order, constant, loglik, AICc and coefficients as R", (_, f) => {
    const model = fits.get(f.id)!;
    expect(arimaString(model)).toBe(f.auto.string);
    expect([...model.coefNames].sort()).toEqual(Object.keys(f.auto.coef).sort());
    for (const [name, value] of Object.entries(f.auto.coef)) {
      const ours = model.coef[model.coefNames.indexOf(name)];
      // optimum reached from the same start by the same BFGS: agreement to ~1e-4 of the coefficient
      expect(Math.abs(ours - value)).toBeLessThan(1e-3 * Math.max(1, Math.abs(value)));
    }
    if (f.auto.loglik === null) expect(model.constantValue).toBe(f.values[0]);
    else {
      expect(model.loglik).toBeCloseTo(f.auto.loglik, 3);
      expect(model.aicc).toBeCloseTo(f.auto.aicc!, 3);
      expect(model.sigma2 / f.auto.sigma2).toBeCloseTo(1, 4);
    }
  });

  it.each(fixtures.map((f) => [f.id, f] as const))("%s: point forecasts and 80/95 %% bounds match forecast.Arima", (_, f) => {
    const out = forecastArima(fits.get(f.id)!, f.h, [80, 95]);
    const s = scaleOf(f);
    expect(scaledErr(out.mean, f.forecast.mean, s)).toBeLessThan(1e-5);
    expect(scaledErr(out.intervals[0].lower, f.forecast.lower80, s)).toBeLessThan(1e-5);
    expect(scaledErr(out.intervals[0].upper, f.forecast.upper80, s)).toBeLessThan(1e-5);
    expect(scaledErr(out.intervals[1].lower, f.forecast.lower95, s)).toBeLessThan(1e-5);
    expect(scaledErr(out.intervals[1].upper, f.forecast.upper95, s)).toBeLessThan(1e-5);
  });

  it.each(fixtures.map((f) => [f.id, f] as const))("%s: D by seasonal strength and d by KPSS equal R's nsdiffs / ndiffs", (_, f) => {
    const y = Float64Array.from(f.values);
    const D = f.m > 1 && y.length > 2 * f.m ? nsdiffs(y, f.m) : 0;
    expect(D).toBe(f.nsdiffs);
    let dx = y;
    for (let k = 0; k < D; k++) dx = dx.slice(f.m).map((v, t) => v - dx[t]);
    expect(ndiffs(dx)).toBe(f.ndiffs);
  });

  const forced = fixtures.flatMap((f) => f.forced.filter((o) => !o.error).map((o) => [`${f.id} ARIMA(${o.order})(${o.seasonal}) ${o.constant}`, f, o] as const));
  it.each(forced)("forced %s: Arima() loglik and coefficients", (_, f, o) => {
    const fit = fitStatsArima(Float64Array.from(f.values), { order: o.order, seasonal: o.seasonal, m: f.m, xreg: o.constant, method: "CSS-ML" });
    expect(fit.loglik).toBeCloseTo(o.loglik!, 3);
    const values = Object.values(o.coef!);
    expect(fit.coef.length).toBe(values.length);
    values.forEach((v, i) => expect(Math.abs(fit.coef[i] - v)).toBeLessThan(1e-3 * Math.max(1, Math.abs(v))));
  });

  it("forced fits R refuses (non-stationary AR from CSS, or an error) are refused here too", () => {
    const refused = fixtures.flatMap((f) => f.forced.filter((o) => o.error).map((o) => [f, o] as const)).filter(([f]) => f.id !== "constant");
    expect(refused.length).toBeGreaterThan(0);
    for (const [f, o] of refused)
      expect(() => fitStatsArima(Float64Array.from(f.values), { order: o.order, seasonal: o.seasonal, m: f.m, xreg: o.constant, method: "CSS-ML" })).toThrow();
  });
});

describe("ARIMA model behaviour", () => {
  const f = fixtures.find((x) => x.id === "MRB5")!; // ARIMA(0,0,0)(1,1,0)[12] with drift
  const model = fits.get(f.id)!;

  it("a constant series forecasts its value with zero width", () => {
    const out = forecastArima(fits.get("constant")!, 4, [95]);
    expect(Array.from(out.mean)).toEqual([5, 5, 5, 5]);
    expect(Array.from(out.intervals[0].upper)).toEqual([5, 5, 5, 5]);
  });

  it("JSON round trip forecasts the same", () => {
    const back = arimaFromJSON(JSON.parse(JSON.stringify(arimaToJSON(model))));
    expect(Array.from(forecastArima(back, f.h).mean)).toEqual(Array.from(forecastArima(model, f.h).mean));
  });

  it("updating with the model's own point forecasts leaves the rest of the forecast unchanged (drift index moves on)", () => {
    const before = forecastArima(model, 12);
    const k = 5;
    const moved = updateArima(model, before.mean.slice(0, k));
    const after = forecastArima(moved, 12 - k);
    expect(scaledErr(after.mean, before.mean.slice(k), scaleOf(f))).toBeLessThan(1e-9);
    // one step of uncertainty is gone: the new one-step sd is the old one-step sd
    expect(after.sd[0]).toBeCloseTo(before.sd[0], 6);
  });

  it("bad horizon / level / season length are InvalidInputError naming the field", () => {
    expect(() => forecastArima(model, 0)).toThrow(/horizon/);
    expect(() => forecastArima(model, 3, [100])).toThrow(/level/);
    expect(() => autoArima(Float64Array.from([1, 2, 3]), 0)).toThrow(/season length/);
    expect(() => autoArima(Float64Array.from([NaN, NaN]), 1)).toThrow(/no observed values/);
  });

  it("Forecaster: one model per series, leading NaN skipped, intervals at the asked levels", async () => {
    const a = fixtures.find((x) => x.id === "YAF2")!;
    const b = fixtures.find((x) => x.id === "QNB2")!;
    const fc = createArimaForecaster();
    await fc.fit(
      [
        { id: "a", values: Float64Array.from([NaN, NaN, ...a.values]) },
        { id: "b", values: Float64Array.from(b.values) },
      ],
      { seasonLengths: [1], horizon: 6 },
    );
    const [fa, fb] = await fc.forecast(6, [80, 95]);
    expect(fa.id).toBe("a");
    expect(scaledErr(fa.mean, a.forecast.mean, scaleOf(a))).toBeLessThan(1e-5);
    expect(scaledErr(fa.intervals![1].lower, a.forecast.lower95, scaleOf(a))).toBeLessThan(1e-5);
    expect(fb.mean.every(Number.isFinite)).toBe(true);
    expect(fc.models().map(arimaString)).toEqual([a.auto.string, "ARIMA(0,0,0) with non-zero mean"]);
  });

  it("Forecaster: season length at least the series length falls back to non-seasonal", async () => {
    const fc = createArimaForecaster();
    await fc.fit([{ id: "s", values: Float64Array.from([10, 14, 8, 12, 11, 15]) }], { seasonLengths: [12], horizon: 3 });
    const [out] = await fc.forecast(3, [95]);
    expect(out.mean.every(Number.isFinite)).toBe(true);
    expect(fc.models()[0].m).toBe(1);
  });
});

describe("state-space pieces vs R", () => {
  const rel = (a: ArrayLike<number>, b: ArrayLike<number>) => {
    let d = 0;
    let m = 0;
    for (let i = 0; i < b.length; i++) {
      d = Math.max(d, Math.abs(a[i] - b[i]));
      m = Math.max(m, Math.abs(b[i]));
    }
    return d / m;
  };

  const deficient = (c: Q0Case) => rel(c.gardner, c.rossignol) > 1;

  it.each(q0cases.filter((c) => !deficient(c)).map((c, k) => [k, c] as const))("Q0 case %i: getQ0 is makeARIMA's Gardner Pn and stationaryCovariance its Rossignol Pn", (_, c) => {
    const phi = Float64Array.from(c.phi);
    const theta = Float64Array.from(c.theta);
    expect(rel(getQ0(phi, theta), c.gardner)).toBeLessThan(1e-12);
    expect(rel(stationaryCovariance(phi, theta)!, c.rossignol)).toBeLessThan(1e-10);
  });

  it("where R's Gardner Q0 is far from the exact one, Gardner's output hangs on the last bits of φ; the exact one does not", () => {
    const bad = q0cases.filter(deficient);
    expect(bad.length).toBe(1);
    const phi = Float64Array.from(bad[0].phi);
    const theta = Float64Array.from(bad[0].theta);
    expect(rel(stationaryCovariance(phi, theta)!, bad[0].rossignol)).toBeLessThan(1e-10);
    const nudged = Float64Array.from(phi);
    nudged[0] *= 1 + 4e-16;
    expect(rel(getQ0(nudged, theta), getQ0(phi, theta))).toBeGreaterThan(1e-6);
    expect(rel(stationaryCovariance(nudged, theta)!, stationaryCovariance(phi, theta)!)).toBeLessThan(1e-12);
  });

  // a deterministic generator: the test must not depend on Math.random
  const lcg = (seed: number) => () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648) * 2 - 1;

  it("armaLikeFast (Chandrasekhar) gives arimaLike's ARMA likelihood; refuses a Q0 that is not stationary", () => {
    const rnd = lcg(7);
    let compared = 0;
    for (let it = 0; it < 200; it++) {
      const orders = [0, 1, 2, 3].map(() => Math.floor((rnd() + 1) * 1.5));
      const m = [1, 4, 12][it % 3];
      const pars = Array.from({ length: orders.reduce((a, b) => a + b, 0) }, () => 2 * rnd());
      const { phi, theta } = transPars(pars, [orders[0], orders[1], orders[2], orders[3], m, 0, 0], true);
      const w = Float64Array.from({ length: 40 + it }, () => 3 * rnd());
      const r = Math.max(phi.length, theta.length + 1);
      const Q0 = r > 1 ? getQ0(phi, theta) : Float64Array.of(phi.length ? 1 / (1 - phi[0] ** 2) : 1);
      const fast = armaLikeFast(w, phi, theta, Q0, new Float64Array(4 * r));
      const full = arimaLike(w, makeArimaSS(phi, theta, new Float64Array(0)), 0, null);
      if (!fast) continue;
      compared++;
      expect(fast.nu).toBe(full.nu);
      // the ML objective 0.5·(log(ssq/nu) + sumlog/nu); Q0 is accepted with a Lyapunov residual up to 1e-8
      const objective = (l: { ssq: number; sumlog: number; nu: number }) => 0.5 * (Math.log(l.ssq / l.nu) + l.sumlog / l.nu);
      expect(Math.abs(objective(fast) - objective(full))).toBeLessThan(1e-7);
      expect(fast.ssq / full.ssq).toBeCloseTo(1, 6);
    }
    expect(compared).toBeGreaterThan(180);
    const bad = q0cases.find(deficient)!;
    const phi = Float64Array.from(bad.phi);
    const theta = Float64Array.from(bad.theta);
    const r = Math.max(phi.length, theta.length + 1);
    expect(armaLikeFast(new Float64Array(50), phi, theta, getQ0(phi, theta), new Float64Array(4 * r))).toBeNull();
  });
});

// ---- reference: R's getQ0 without the sparsity (the C code's loops), to check the sparse one bit for bit
function denseInclu2(np: number, xnext: Float64Array, xrow: Float64Array, ynext: number, d: Float64Array, rbar: Float64Array, thetab: Float64Array) {
  for (let i = 0; i < np; i++) xrow[i] = xnext[i];
  let ithisr = 0;
  for (let i = 0; i < np; i++) {
    if (xrow[i] !== 0) {
      const xi = xrow[i];
      const di = d[i];
      const dpi = di + xi * xi;
      d[i] = dpi;
      const cbar = di / dpi;
      const sbar = xi / dpi;
      for (let k = i + 1; k < np; k++) {
        const xk = xrow[k];
        const rbthis = rbar[ithisr];
        xrow[k] = xk - xi * rbthis;
        rbar[ithisr++] = cbar * rbthis + sbar * xk;
      }
      const xk = ynext;
      ynext = xk - xi * thetab[i];
      thetab[i] = cbar * thetab[i] + sbar * xk;
      if (di === 0) return;
    } else ithisr = ithisr + np - i - 1;
  }
}

/** The dense AS 154 getQ0 as R's C has it, line for line: the reference for the sparse one. */
function denseGetQ0(phi: Float64Array, theta: Float64Array): Float64Array {
  const p = phi.length;
  const q = theta.length;
  const r = Math.max(p, q + 1);
  const np = (r * (r + 1)) / 2;
  const nrbar = (np * (np - 1)) / 2;
  const V = new Float64Array(np);
  let ind = 0;
  for (let j = 0; j < r; j++) {
    const vj = j === 0 ? 1 : j - 1 < q ? theta[j - 1] : 0;
    for (let i = j; i < r; i++) {
      const vi = i === 0 ? 1 : i - 1 < q ? theta[i - 1] : 0;
      V[ind++] = vi * vj;
    }
  }
  const res = new Float64Array(r * r);
  const P = res;
  if (r === 1) {
    P[0] = 1 / (1 - phi[0] * phi[0]);
    return res;
  }
  if (p > 0) {
    const rbar = new Float64Array(nrbar);
    const thetab = new Float64Array(np);
    const xnext = new Float64Array(np);
    const xrow = new Float64Array(np);
    const Pw = new Float64Array(Math.max(np, r * r));
    ind = 0;
    let ind1 = -1;
    const npr = np - r;
    const npr1 = npr + 1;
    let indj = npr;
    let ind2 = npr - 1;
    for (let j = 0; j < r; j++) {
      const phij = j < p ? phi[j] : 0;
      xnext[indj++] = 0;
      let indi = npr1 + j;
      for (let i = j; i < r; i++) {
        const ynext = V[ind++];
        const phii = i < p ? phi[i] : 0;
        if (j !== r - 1) {
          xnext[indj] = -phii;
          if (i !== r - 1) {
            xnext[indi] -= phij;
            xnext[++ind1] = -1;
          }
        }
        xnext[npr] = -phii * phij;
        if (++ind2 >= np) ind2 = 0;
        xnext[ind2] += 1;
        denseInclu2(np, xnext, xrow, ynext, Pw, rbar, thetab);
        xnext[ind2] = 0;
        if (i !== r - 1) {
          xnext[indi++] = 0;
          xnext[ind1] = 0;
        }
      }
    }
    let ithisr = nrbar - 1;
    let im = np - 1;
    for (let i = 0; i < np; i++) {
      let bi = thetab[im];
      let jm = np - 1;
      for (let j = 0; j < i; j++) bi -= rbar[ithisr--] * Pw[jm--];
      Pw[im--] = bi;
    }
    ind = npr;
    for (let i = 0; i < r; i++) xnext[i] = Pw[ind++];
    ind = np - 1;
    ind1 = npr - 1;
    for (let i = 0; i < npr; i++) Pw[ind--] = Pw[ind1--];
    for (let i = 0; i < r; i++) Pw[i] = xnext[i];
    for (let i = 0; i < np; i++) P[i] = Pw[i];
  } else {
    let indn = np;
    ind = np;
    for (let i = 0; i < r; i++)
      for (let j = 0; j <= i; j++) {
        --ind;
        P[ind] = V[ind];
        if (j !== 0) P[ind] += P[--indn];
      }
  }
  // unpack the packed upper triangle to a full matrix
  ind = np;
  for (let i = r - 1; i > 0; i--) for (let j = r - 1; j >= i; j--) P[r * i + j] = P[--ind];
  for (let i = 0; i < r - 1; i++) for (let j = i + 1; j < r; j++) P[i + r * j] = P[j + r * i];
  return res;
}

describe("getQ0 sparsity", () => {
  it("the sparse Givens sweep returns the dense AS 154 result bit for bit (300 random (seasonal) ARMA models)", () => {
    let seed = 11;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648) * 2 - 1;
    let checked = 0;
    for (let it = 0; it < 300; it++) {
      const o = [0, 1, 2, 3].map(() => Math.floor((rnd() + 1) * 1.5));
      const m = [1, 4, 12][it % 3];
      const pars = Array.from({ length: o[0] + o[1] + o[2] + o[3] }, () => (rnd() > 0.8 ? 0 : 3 * rnd()));
      const { phi, theta } = transPars(pars, [o[0], o[1], o[2], o[3], m, 0, 0], it % 5 !== 0);
      if (phi.length === 0) continue;
      checked++;
      const a = getQ0(phi, theta);
      const b = denseGetQ0(phi, theta);
      expect(Array.from(a)).toEqual(Array.from(b));
    }
    expect(checked).toBeGreaterThan(150);
  });
});

describe("refit with the search's orders (auto's backtests)", () => {
  it("re-estimates the chosen orders: on the same data it lands on the search's own fit", () => {
    for (const f of fixtures) {
      const searched = fits.get(f.id)!;
      if (searched.constantValue !== null) continue;
      const again = refitArima(Float64Array.from(f.values), searched);
      expect(arimaString(again)).toBe(arimaString(searched));
      expect(again.loglik).toBeCloseTo(searched.loglik, 2);
    }
  });

  it("specFactory refits each series' orders on a shorter stretch and searches series it has none for", async () => {
    const [a, b] = fixtures.filter((f) => f.m === 4 && f.values.length > 30);
    const searched = createArimaForecaster();
    await searched.fit([{ id: a.id, values: Float64Array.from(a.values) }], { seasonLengths: [4], horizon: 8 });
    const reuse = searched.specFactory()() as ReturnType<typeof createArimaForecaster>;
    const cut = Float64Array.from(a.values.slice(0, a.values.length - 8));
    await reuse.fit([{ id: a.id, values: cut }, { id: b.id, values: Float64Array.from(b.values) }], { seasonLengths: [4], horizon: 8 });
    const [refit, other] = reuse.models();
    const [orig] = searched.models();
    expect([refit.order, refit.seasonal, refit.xreg]).toEqual([orig.order, orig.seasonal, orig.xreg]);
    expect(refit.nobs).toBeLessThan(orig.nobs);
    expect(arimaString(other)).toBe(arimaString(fits.get(b.id)!));
  });
});
