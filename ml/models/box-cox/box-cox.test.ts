import { describe, expect, it } from "vitest";
import { createEtsForecaster } from "../ets";
import { createNaiveForecaster } from "../naive";
import fixture from "./fixtures/r-boxcox-lambda.json";
import { boxCox, guerreroLambda, invBoxCox } from "./box-cox";
import { createBoxCoxForecaster } from "./box-cox-forecaster";

interface Case {
  set: string;
  m: number;
  values: number[];
  lambda: number;
  bc: number[];
}

describe("Box–Cox (R forecast's BoxCox, InvBoxCox, BoxCox.lambda guerrero)", () => {
  const cases = fixture as Case[];
  it("has R cases for every M1 period", () => {
    expect(new Set(cases.map((c) => c.set))).toEqual(new Set(["yearly", "quarterly", "monthly"]));
  });
  it.each(cases.map((c, i) => [i, c] as const))("case %i: Guerrero's lambda and the transform match R", (_, c) => {
    const x = Float64Array.from(c.values);
    const lambda = guerreroLambda(x, c.m)!;
    // R's optimize stops within tol = eps^0.25 ≈ 1.2e-4 of the minimum: the same algorithm lands on the same point.
    expect(lambda).toBeCloseTo(c.lambda, 6);
    const y = boxCox(x, c.lambda);
    for (let i = 0; i < 3; i++) expect(y[i]).toBeCloseTo(c.bc[i], 8);
    const back = invBoxCox(y, c.lambda);
    for (let i = 0; i < x.length; i++) expect(back[i] / x[i]).toBeCloseTo(1, 10);
  });
  it("log at lambda 0 and undefined for non-positive data or too few seasons", () => {
    expect(Array.from(boxCox(Float64Array.from([1, Math.E]), 0))).toEqual([0, 1]);
    expect(guerreroLambda(Float64Array.from([1, 2, 0, 3, 4, 5]), 1)).toBeNull();
    expect(guerreroLambda(Float64Array.from([1, 2, 3]), 12)).toBeNull();
  });
  it("maps values beyond a negative lambda's bound to +infinity", () => {
    expect(invBoxCox([3], -0.5)[0]).toBe(Number.POSITIVE_INFINITY); // bound −1/λ = 2
    expect(invBoxCox([1], -0.5)[0]).toBeCloseTo(4, 12); // (1 − 0.5)^(−2)
  });
});

describe("Box–Cox forecaster", () => {
  it("forecasts on the transformed scale and back-transforms mean and bounds", async () => {
    const values = Float64Array.from({ length: 40 }, (_, t) => 100 * Math.exp(0.05 * t) * (1 + 0.1 * Math.sin(t)));
    const f = createBoxCoxForecaster("naive-log", createNaiveForecaster, { lambda: 0 });
    await f.fit([{ id: "a", values }], { seasonLengths: [], horizon: 3 });
    const [out] = await f.forecast(3, [95]);
    expect(out.mean[0]).toBeCloseTo(values[39], 9); // naive on log scale, back: the last value (a median)
    const iv = out.intervals[0];
    // multiplicative band: lower and upper are equal ratios away from the median
    expect(out.mean[2] / iv.lower[2]).toBeCloseTo(iv.upper[2] / out.mean[2], 9);
  });
  it("keeps a series it cannot transform on its own scale (untransformed)", async () => {
    const values = Float64Array.from([3, -1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8, 9, 7, 9, 3]);
    const plain = createEtsForecaster();
    const bc = createBoxCoxForecaster("ets-boxcox", () => createEtsForecaster());
    await plain.fit([{ id: "a", values }], { seasonLengths: [], horizon: 4 });
    await bc.fit([{ id: "a", values }], { seasonLengths: [], horizon: 4 });
    const [p] = await plain.forecast(4, [80]);
    const [b] = await bc.forecast(4, [80]);
    expect(Array.from(b.mean)).toEqual(Array.from(p.mean));
  });
  it("keeps each series' lambda with the specification it reuses", async () => {
    const values = Float64Array.from({ length: 48 }, (_, t) => 50 + t + 10 * Math.sin((2 * Math.PI * t) / 12) + (t % 5));
    const f = createBoxCoxForecaster("ets-boxcox", () => createEtsForecaster());
    await f.fit([{ id: "s", values }], { seasonLengths: [12], horizon: 6 });
    const reuse = f.specFactory()();
    await reuse.fit([{ id: "s", values: values.subarray(0, 36) }], { seasonLengths: [12], horizon: 6 });
    const [r] = await reuse.forecast(6, [95]);
    expect(r.mean.every(Number.isFinite)).toBe(true);
  });
});
