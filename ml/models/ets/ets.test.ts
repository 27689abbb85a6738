import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { InvalidInputError } from "../../errors";
import { checkParams } from "./admissible";
import { createEtsForecaster, fitEts, forecastEts, fromJSON, toJSON, update, type EtsFit } from "./index";
import { log } from "./log";

/** One R result: ets() then forecast(h, level = c(80, 95)) (bench/r/ets-fixtures.R, forecast 8.20). */
interface RFit {
  method: string;
  components: string[];
  loglik: number | null;
  aicc: number | null;
  sigma2: number;
  par: Record<string, number>;
  initstate: number[];
  laststate: number[];
  mean: number[];
  lower80: number[];
  upper80: number[];
  lower95: number[];
  upper95: number[];
}
interface Fixture { id: string; kind: string; m: number; h: number; values: number[]; auto: RFit; fixed: Record<string, RFit> }

const dir = path.join(import.meta.dirname, "fixtures");
const fixtures = JSON.parse(readFileSync(path.join(dir, "r-ets.json"), "utf8")) as Fixture[];
const m1 = fixtures.filter((f) => f.kind.startsWith("m1-"));

const relErr = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let worst = 0;
  for (let i = 0; i < b.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]) / Math.max(Math.abs(b[i]), 1e-9));
  return worst;
};
/** Interval error relative to the forecast's scale (a bound near zero makes a relative error meaningless). */
const boundErr = (a: ArrayLike<number>, b: number[], scale: number[]) => {
  let worst = 0;
  for (let i = 0; i < b.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]) / Math.max(Math.abs(scale[i]), 1e-9));
  return worst;
};
const ours = (f: Fixture, opts: Parameters<typeof fitEts>[2] = {}) => fitEts(Float64Array.from(f.values), f.m, opts);
/** "AAdN" → model "AAN", damped. */
const formOpts = (form: string) => ({ model: form.replace("d", ""), damped: form.includes("d") });

function expectForecastsMatch(fit: EtsFit, r: RFit, h: number, tol: number) {
  const fc = forecastEts(fit, h, [80, 95]);
  expect(relErr(fc.mean, r.mean)).toBeLessThan(tol);
  expect(boundErr(fc.intervals[0].lower, r.lower80, r.mean)).toBeLessThan(tol);
  expect(boundErr(fc.intervals[0].upper, r.upper80, r.mean)).toBeLessThan(tol);
  expect(boundErr(fc.intervals[1].lower, r.lower95, r.mean)).toBeLessThan(tol);
  expect(boundErr(fc.intervals[1].upper, r.upper95, r.mean)).toBeLessThan(tol);
}

/**
 * Forced forms where R's optimum may not be reproduced to 1e-6: none in these fixtures. The one
 * M1 series of 1,001 where it happens (QNB17, ETS(M,N,M)) sits in the corner of tiny α and γ where
 * R's polyroot reports the exact unit root of the seasonal polynomial just outside 1 + 1e-10 and so
 * rejects admissible points (see "admissible region" below); our test divides that root out.
 */
const FLAT = new Set<string>([]);

describe("ets vs R forecast 8.20 ets(): model choice", () => {
  it("chooses R's model on (nearly) every fixture series", () => {
    const same = fixtures.filter((f) => f.id !== "mult-trend" && ours(f).method === f.auto.method);
    const total = fixtures.filter((f) => f.id !== "mult-trend").length;
    // 20 of 20 today; one miss is tolerated for a near-tie in AICc
    expect(same.length).toBeGreaterThanOrEqual(total - 1);
  });

  it.each(m1.map((f) => [f.id, f] as const))("%s: R's choice, AICc and log-likelihood", (_, f) => {
    const fit = ours(f);
    expect(fit.method).toBe(f.auto.method);
    expect(Math.abs(fit.loglik - (f.auto.loglik as number))).toBeLessThan(1e-6 * Math.max(1, Math.abs(f.auto.loglik as number)));
    expect(Math.abs(fit.aicc - (f.auto.aicc as number))).toBeLessThan(1e-6 * Math.max(1, Math.abs(f.auto.aicc as number)));
  });

  it("never offers a multiplicative component on data with zeros or negatives", () => {
    for (const id of ["zeros", "negatives"]) {
      const f = fixtures.find((x) => x.id === id)!;
      const fit = ours(f);
      expect(fit.components.error).toBe("A");
      expect(fit.components.season).not.toBe("M");
      expect(() => ours(f, { model: "MNN" })).toThrow(InvalidInputError);
    }
  });

  it("picks the damped trend on the damped series, the multiplicative season on AirPassengers", () => {
    expect(ours(fixtures.find((x) => x.id === "damped")!).method).toBe(fixtures.find((x) => x.id === "damped")!.auto.method);
    expect(ours(fixtures.find((x) => x.id === "AirPassengers")!).method).toBe("ETS(M,Ad,M)");
  });
});

describe("ets vs R: the same model forced", () => {
  const cases = fixtures.flatMap((f) => Object.entries(f.fixed).map(([form, r]) => [`${f.id}/${form}`, f, form, r] as const));

  it.each(cases)("%s: log-likelihood, parameters and forecasts", (key, f, form, r) => {
    const fit = ours(f, formOpts(form));
    expect(fit.method).toBe(r.method);
    if (r.loglik === null) {
      // R's Holt–Winters fallback for a short series: no likelihood; L-BFGS-B there vs our
      // Nelder–Mead on the box, so parameters agree to about 1e-4
      expect(fit.source).toBe("holt-winters");
      expectForecastsMatch(fit, r, f.h, 2e-3);
      return;
    }
    if (FLAT.has(key)) {
      expect(fit.loglik).toBeGreaterThanOrEqual(r.loglik - 1e-9);
      expect(fit.loglik - r.loglik).toBeLessThan(1e-2);
      expectForecastsMatch(fit, r, f.h, 3e-2);
      return;
    }
    expect(Math.abs(fit.loglik - r.loglik)).toBeLessThan(1e-6 * Math.max(1, Math.abs(r.loglik)));
    expect(relErr(fit.initState, r.initstate)).toBeLessThan(1e-5);
    expect(Math.abs(fit.par.alpha - r.par.alpha)).toBeLessThan(1e-6);
    expectForecastsMatch(fit, r, f.h, 1e-6);
  });

  it("forecasts and intervals of R's automatic choice (analytic classes 1–3)", () => {
    for (const f of fixtures) {
      if (f.id === "mult-trend" || FLAT.has(`${f.id}/auto`)) continue;
      const fit = ours(f);
      expectForecastsMatch(fit, f.auto, f.h, f.auto.loglik === null ? 2e-3 : 1e-6);
    }
  });

  it("multiplicative trend: simulated intervals within simulation noise of R's (5000 paths each)", () => {
    const f = fixtures.find((x) => x.id === "mult-trend")!;
    const fit = ours(f, { model: "MMN", damped: false });
    expect(fit.method).toBe("ETS(M,M,N)");
    expect(Math.abs(fit.loglik - (f.auto.loglik as number))).toBeLessThan(1e-6 * Math.abs(f.auto.loglik as number));
    const fc = forecastEts(fit, f.h, [80, 95], { seed: 7 });
    expect(fc.variance).toBeNull();
    expect(relErr(fc.mean, f.auto.mean)).toBeLessThan(1e-9);
    expect(boundErr(fc.intervals[1].lower, f.auto.lower95, f.auto.mean)).toBeLessThan(0.02);
    expect(boundErr(fc.intervals[1].upper, f.auto.upper95, f.auto.mean)).toBeLessThan(0.02);
    expect(boundErr(fc.intervals[0].upper, f.auto.upper80, f.auto.mean)).toBeLessThan(0.02);
    // the same seed gives the same paths
    expect(Array.from(forecastEts(fit, f.h, [95], { seed: 7 }).intervals[0].upper)).toEqual(Array.from(fc.intervals[1].upper));
  });
});

describe("admissible region", () => {
  interface Draw { m: number; alpha: number; beta: number | null; gamma: number; phi: number | null; admissible: boolean }
  const draws = JSON.parse(readFileSync(path.join(dir, "r-admissible.json"), "utf8")) as Draw[];
  const verdict = (d: Draw) =>
    checkParams(d.alpha, d.beta ?? 0, d.gamma, d.phi ?? 1, d.m, { beta: d.beta !== null, gamma: true, phi: d.phi !== null });

  it("agrees with R's check.param, except where R's polyroot misplaces the exact unit root", () => {
    const disagree = draws.filter((d) => verdict(d) !== d.admissible);
    // every disagreement is R rejecting a point whose only root on the circle is z = 1 (no trend,
    // no damping, tiny α and γ); R never accepts a point we reject
    for (const d of disagree) {
      expect(d.admissible).toBe(false);
      expect(d.beta).toBeNull();
      expect(d.phi).toBeNull();
    }
    expect(disagree.length).toBeLessThanOrEqual(draws.length * 0.03);
    expect(draws.filter((d) => !d.admissible).length).toBeGreaterThan(20);
  });

  it("the usual bounds: β ≤ α, γ ≤ 1 − α, φ in [0.8, 0.98]", () => {
    const f = { beta: true, gamma: true, phi: true };
    expect(checkParams(0.3, 0.1, 0.1, 0.9, 4, f)).toBe(true);
    expect(checkParams(0.3, 0.4, 0.1, 0.9, 4, f)).toBe(false);
    expect(checkParams(0.3, 0.1, 0.75, 0.9, 4, f)).toBe(false);
    expect(checkParams(0.3, 0.1, 0.1, 0.99, 4, f)).toBe(false);
  });
});

describe("log", () => {
  const { x, log: rlog } = JSON.parse(readFileSync(path.join(dir, "r-log.json"), "utf8")) as { x: number[]; log: number[] };
  it("rounds as R's C library does (V8's Math.log misses about 1 in 200)", () => {
    let mismatches = 0;
    for (let i = 0; i < x.length; i++) if (log(x[i]) !== rlog[i]) mismatches++;
    expect(mismatches).toBeLessThanOrEqual(2);
    expect(log(30.83647857455452)).toBe(3.4286983584712156);
    expect(Math.log(30.83647857455452)).not.toBe(3.4286983584712156);
  });
  it("edge values", () => {
    expect(log(1)).toBe(0);
    expect(log(2)).toBe(Math.LN2);
    expect(log(0)).toBe(-Infinity);
    expect(log(-1)).toBeNaN();
    expect(log(Infinity)).toBe(Infinity);
    expect(log(5e-324)).toBeCloseTo(-744.4400719213812, 12);
  });
});

describe("ets Forecaster", () => {
  const air = fixtures.find((x) => x.id === "AirPassengers")!;
  const yearly = m1[0];

  it("fits each series alone and forecasts any horizon with the requested levels", async () => {
    const model = createEtsForecaster();
    await model.fit(
      [
        { id: "air", values: Float64Array.from(air.values) },
        { id: "yr", values: Float64Array.from(yearly.values) },
      ],
      { seasonLengths: [12], horizon: 24 },
    );
    const [a, y] = await model.forecast(6, [80, 95]);
    expect(a.id).toBe("air");
    expect(relErr(a.mean, air.auto.mean.slice(0, 6))).toBeLessThan(1e-6);
    expect(a.intervals.map((i) => i.level)).toEqual([80, 95]);
    expect(relErr(a.intervals[1].upper, air.auto.upper95.slice(0, 6))).toBeLessThan(1e-6);
    // one season length for every series of a fit: the yearly series is searched with m = 12 too
    expect(y.mean.length).toBe(6);
    expect(y.mean.every(Number.isFinite)).toBe(true);
  });

  it("a missing value inside the series coasts the state; leading missing values are dropped", async () => {
    const v = Float64Array.from([NaN, NaN, ...yearly.values]);
    v[10] = NaN;
    const model = createEtsForecaster();
    await model.fit([{ id: "a", values: v }], { seasonLengths: [1], horizon: 3 });
    const [out] = await model.forecast(3, [95]);
    expect(out.mean.every(Number.isFinite)).toBe(true);
    expect(out.intervals[0].lower.every(Number.isFinite)).toBe(true);
  });

  it("a constant series gets a flat forecast", () => {
    const fit = fitEts(new Float64Array(20).fill(3), 4);
    const fc = forecastEts(fit, 5, [95]);
    expect(Array.from(fc.mean)).toEqual([3, 3, 3, 3, 3]);
  });

  it("bad input: clear errors naming the field", async () => {
    const model = createEtsForecaster();
    await expect(model.forecast(3, [95])).rejects.toThrow(/before fit/);
    await expect(model.fit([{ id: "x", values: new Float64Array(5).fill(NaN) }], { seasonLengths: [1], horizon: 2 })).rejects.toThrow(
      /series "x".*no observed values/,
    );
    const inf = Float64Array.from([1, 2, Infinity, 4, 5, 6]);
    await expect(model.fit([{ id: "x", values: inf }], { seasonLengths: [1], horizon: 2 })).rejects.toMatchObject({ field: "values", row: 2 });
    expect(() => fitEts(Float64Array.from(yearly.values), 1, { model: "ANA" })).toThrow(/seasonal/);
    expect(() => fitEts(Float64Array.from(yearly.values), 1, { model: "AXN" })).toThrow(InvalidInputError);
    expect(() => fitEts(Float64Array.from(yearly.values), 1, { model: "AMN" })).toThrow(/forbidden/);
    expect(() => fitEts(Float64Array.from(yearly.values), 1.5)).toThrow(InvalidInputError);
    const fit = fitEts(Float64Array.from(yearly.values), 1);
    expect(() => forecastEts(fit, 0, [95])).toThrow(/horizon/);
    expect(() => forecastEts(fit, 3, [100])).toThrow(/level/);
  });

  it("toJSON / fromJSON keep the forecasts; update() moves the origin without refitting", () => {
    const fit = fitEts(Float64Array.from(air.values.slice(0, 132)), 12);
    const back = fromJSON(JSON.parse(JSON.stringify(toJSON(fit))));
    expect(Array.from(forecastEts(back, 12, [95]).mean)).toEqual(Array.from(forecastEts(fit, 12, [95]).mean));
    const moved = update(fit, air.values.slice(132));
    const direct = fitEts(Float64Array.from(air.values), 12, { model: fit.components.error + fit.components.trend + fit.components.season, damped: fit.components.damped });
    // same model form, parameters from the shorter fit: forecasts from the same origin, close to a refit
    expect(relErr(forecastEts(moved, 6, [95]).mean, forecastEts(direct, 6, [95]).mean)).toBeLessThan(0.05);
    expect(() => fromJSON({ ...toJSON(fit), par: { ...toJSON(fit).par, alpha: "x" } })).toThrow(/par.alpha/);
    expect(() => fromJSON({ ...toJSON(fit), lastState: [1, 2] })).toThrow(/lastState/);
  });
});

describe("spec reuse (auto's backtests)", () => {
  it("refits the form the search chose for each series, and searches series it has no form for", async () => {
    const air = Float64Array.from({ length: 96 }, (_, t) => (100 + 2 * t) * (1 + 0.25 * Math.sin((2 * Math.PI * t) / 12)));
    const flat = Float64Array.from({ length: 40 }, (_, t) => 50 + ((t * 7919) % 13) - 6);
    const searched = createEtsForecaster();
    await searched.fit([{ id: "air", values: air }, { id: "flat", values: flat }], { seasonLengths: [12], horizon: 6 });
    const [airFit, flatFit] = searched.fits();
    const reuse = searched.specFactory()();
    const cut = air.slice(0, 84);
    await reuse.fit([{ id: "air", values: cut }, { id: "new", values: flat }], { seasonLengths: [12], horizon: 6 });
    const [airRefit, newFit] = (reuse as ReturnType<typeof createEtsForecaster>).fits();
    expect(airRefit.method).toBe(airFit.method);
    // Same form, parameters re-estimated on the shorter series: equal to fitting that form directly.
    const direct = fitEts(cut, 12, { model: `${airFit.components.error}${airFit.components.trend}${airFit.components.season}`, damped: airFit.components.damped });
    expect(airRefit.loglik).toBeCloseTo(direct.loglik, 8);
    expect(newFit.method).toBe(flatFit.method);
  });
});
