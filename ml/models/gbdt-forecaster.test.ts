import { describe, expect, it } from "vitest";
import { predictGbdt } from "@/ml/gbdt/predict";
import { createRng } from "@/ml/gbdt/prng";
import type { Series } from "@/ml/types";
import { createGbdtForecaster } from "./gbdt-forecaster";

const m = 24;
const H = 12;

function makeSeries(count: number, n: number, seed: number): { train: Series[]; test: Float64Array[] } {
  const rng = createRng(seed);
  const train: Series[] = [];
  const test: Float64Array[] = [];
  for (let k = 0; k < count; k++) {
    const level = 50 + 500 * rng();
    const amp = level * (0.1 + 0.3 * rng());
    const trend = (rng() - 0.5) * 0.2;
    const v = Float64Array.from({ length: n + H }, (_, t) => level + trend * t + amp * Math.sin((2 * Math.PI * t) / m) + 0.03 * amp * (rng() - 0.5));
    train.push({ id: `s${k}`, values: v.slice(0, n) });
    test.push(v.slice(n));
  }
  return { train, test };
}

function maeVs(fc: { mean: Float64Array }[], test: Float64Array[]): number {
  let s = 0;
  let c = 0;
  fc.forEach((f, i) => f.mean.forEach((v, h) => ((s += Math.abs(v - test[i][h])), c++)));
  return s / c;
}

const fast = { numTrees: 60, learningRate: 0.2, maxLeaves: 15, minDataInLeaf: 20, earlyStoppingRounds: 10 };

describe("gbdt forecaster", () => {
  it("direct and recursive beat seasonal naive on trending seasonal series", async () => {
    const { train, test } = makeSeries(8, 24 * 10, 1);
    const naive = train.map((s) => ({ mean: Float64Array.from({ length: H }, (_, h) => s.values[s.values.length - m + h]) }));
    const naiveMae = maeVs(naive, test);
    for (const strategy of ["direct", "recursive"] as const) {
      const f = createGbdtForecaster({ strategy, gbdt: fast });
      const events: string[] = [];
      await f.fit(train, { seasonLengths: [m], horizon: H, seed: 3, onProgress: (e) => events.push(e.stage) });
      expect(events.length).toBeGreaterThan(0);
      const fc = await f.forecast(H, [80]);
      expect(fc.length).toBe(train.length);
      expect(maeVs(fc, test)).toBeLessThan(naiveMae);
      expect(f.name).toBe(`gbdt-${strategy}`);
    }
  });

  it("quantile heads give ordered quantiles and intervals around the mean", async () => {
    const { train, test } = makeSeries(4, 24 * 8, 2);
    const f = createGbdtForecaster({ gbdt: { ...fast, numTrees: 30 }, quantiles: [0.1, 0.9], refit: false });
    await f.fit(train, { seasonLengths: [m], horizon: H, seed: 1 });
    const fc = await f.forecast(H, [80, 95]);
    // On held-out data (the series carry noise): the intervals have width everywhere, the 95 % one is wider
    // than the 80 % one, and both cover most of what happened (deterministic seed; 48 points).
    const covered = { 80: 0, 95: 0 };
    const width = { 80: 0, 95: 0 };
    fc.forEach((x, i) => {
      for (const iv of x.intervals) {
        for (let h = 0; h < H; h++) {
          expect(iv.upper[h] - iv.lower[h]).toBeGreaterThan(0);
          width[iv.level as 80 | 95] += iv.upper[h] - iv.lower[h];
          if (test[i][h] >= iv.lower[h] && test[i][h] <= iv.upper[h]) covered[iv.level as 80 | 95]++;
        }
      }
    });
    expect(width[95]).toBeGreaterThan(width[80]);
    expect(covered[80] / (fc.length * H)).toBeGreaterThanOrEqual(0.5);
    expect(covered[95] / (fc.length * H)).toBeGreaterThanOrEqual(0.7);
    expect(covered[95]).toBeGreaterThanOrEqual(covered[80]);
    for (const x of fc) {
      const lo = x.quantiles!.get(0.1)!;
      const hi = x.quantiles!.get(0.9)!;
      const i80 = x.intervals.find((i) => i.level === 80)!;
      const i95 = x.intervals.find((i) => i.level === 95)!;
      for (let h = 0; h < H; h++) {
        expect(lo[h]).toBeLessThanOrEqual(hi[h]);
        expect(i80.lower[h]).toBeLessThanOrEqual(x.mean[h]);
        expect(i80.upper[h]).toBeGreaterThanOrEqual(x.mean[h]);
        expect(i95.lower[h]).toBeLessThan(x.mean[h]);
        expect(i95.upper[h]).toBeGreaterThan(x.mean[h]);
      }
    }
    const models = f.getModels();
    expect(models.quantiles.map((q) => q.alpha)).toEqual([0.1, 0.9]);
    expect(models.mean.featureNames).toEqual(models.spec.names);
  });

  it("is deterministic for a fixed seed and exposes a model the float predictor reproduces", async () => {
    const { train } = makeSeries(5, 24 * 8, 4);
    const run = async () => {
      const f = createGbdtForecaster({ gbdt: { ...fast, baggingFraction: 0.7, featureFraction: 0.7 } });
      await f.fit(train, { seasonLengths: [m], horizon: H, seed: 9 });
      return { f, fc: await f.forecast(H, []) };
    };
    const a = await run();
    const b = await run();
    a.fc.forEach((x, i) => expect(Array.from(x.mean)).toEqual(Array.from(b.fc[i].mean)));
    const { mean, spec } = a.f.getModels();
    expect(JSON.parse(JSON.stringify(spec))).toEqual(spec);
    const p = predictGbdt(mean, new Float32Array(spec.names.length).fill(0), 1, spec.names.length);
    expect(Number.isFinite(p[0])).toBe(true);
  });

  it("rejects forecasting before fit and beyond the trained horizon", async () => {
    const f = createGbdtForecaster({ gbdt: fast });
    await expect(f.forecast(3, [])).rejects.toThrow(/before fit/);
    const { train } = makeSeries(3, 24 * 6, 5);
    await f.fit(train, { seasonLengths: [m], horizon: 6 });
    await expect(f.forecast(7, [])).rejects.toThrow(/trained for 6 steps/);
  });
});
