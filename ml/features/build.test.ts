import { describe, expect, it } from "vitest";
import type { Series } from "@/ml/types";
import { buildTrainingRows, writeRow, viewOf } from "./build";
import { createFeatureSpec } from "./spec";

function seasonal(n: number, m: number, level: number, seed = 0): Float64Array {
  const v = new Float64Array(n);
  for (let t = 0; t < n; t++) v[t] = level + 10 * Math.sin((2 * Math.PI * t) / m) + ((t * 7919 + seed * 104729) % 13) / 13;
  return v;
}

describe("feature spec", () => {
  it("names every column in order and is a plain serialisable object", () => {
    const spec = createFeatureSpec({ strategy: "direct", seasonLengths: [24], horizon: 48, lags: [1, 2, 24], rollingWindows: [24], fourierOrder: 1, calendar: true });
    expect(spec.names.slice(0, 4)).toEqual(["h", "lag_1", "lag_2", "lag_24"]);
    expect(spec.names).toContain("slag24_c1");
    expect(spec.names).toContain("roll24_std");
    expect(spec.names).toContain("fourier24_sin1");
    expect(spec.names).toContain("dow");
    expect(JSON.parse(JSON.stringify(spec))).toEqual(spec);
    expect(() => createFeatureSpec({ strategy: "direct", seasonLengths: [24], lags: [0] })).toThrow(/lags/);
  });
});

describe("buildTrainingRows", () => {
  const series: Series[] = [
    { id: "a", values: seasonal(200, 24, 100) },
    { id: "b", values: seasonal(150, 24, 5000, 1) },
  ];

  it("produces one row per (origin, step) with the declared shape", () => {
    const spec = createFeatureSpec({ strategy: "direct", seasonLengths: [24], horizon: 6 });
    const m = buildTrainingRows(series, spec, { maxOriginsPerSeries: 10 });
    expect(m.nFeatures).toBe(spec.names.length);
    expect(m.X.length).toBe(m.nRows * m.nFeatures);
    // 10 origins per series; the last origins have fewer than 6 observed targets.
    const perSeries = (n: number) => {
      let k = 0;
      for (let t = n - 11; t <= n - 2; t++) k += Math.min(6, n - 1 - t);
      return k;
    };
    expect(m.nRows).toBe(perSeries(200) + perSeries(150));
    // The target transform inverts exactly: y = offset + target·scale.
    for (let r = 0; r < m.nRows; r++) {
      const s = series[m.seriesIndex[r]].values;
      expect(m.level[r] + m.y[r] * m.scale[r]).toBeCloseTo(s[m.origin[r] + m.step[r]], 8);
    }
  });

  it("never reads a value after the origin", () => {
    const spec = createFeatureSpec({ strategy: "direct", seasonLengths: [24], horizon: 30, rollingWindows: [24, 48], fourierOrder: 2 });
    const v = seasonal(300, 24, 50);
    const F = spec.names.length;
    const norm = new Float64Array(2);
    for (const [t, h] of [
      [100, 1],
      [150, 25],
      [200, 30],
    ]) {
      const a = new Float32Array(F);
      writeRow(spec, viewOf({ id: "x", values: v }, spec, 0), t, h, a, 0, norm);
      const normA = Array.from(norm);
      const poisoned = v.slice();
      for (let i = t + 1; i < poisoned.length; i++) poisoned[i] = 1e9;
      const b = new Float32Array(F);
      writeRow(spec, viewOf({ id: "x", values: poisoned }, spec, 0), t, h, b, 0, norm);
      expect(Array.from(b)).toEqual(Array.from(a));
      expect(Array.from(norm)).toEqual(normA);
      // The target-aligned seasonal lag is the most recent observed value in the target's phase.
      const c1 = a[spec.names.indexOf("slag24_c1")];
      const expected = t + h - 24 * Math.ceil(h / 24);
      expect(expected).toBeLessThanOrEqual(t);
      expect(Number.isFinite(c1)).toBe(true);
    }
  });

  it("lags are the values before the origin, normalised", () => {
    const spec = createFeatureSpec({ strategy: "recursive", seasonLengths: [24], lags: [1, 3], target: "level" });
    const v = seasonal(100, 24, 20);
    const row = new Float32Array(spec.names.length);
    const norm = new Float64Array(2);
    writeRow(spec, viewOf({ id: "x", values: v }, spec, 0), 60, 1, row, 0, norm);
    expect(row[spec.names.indexOf("lag_1")]).toBeCloseTo((v[60] - norm[0]) / norm[1], 5);
    expect(row[spec.names.indexOf("lag_3")]).toBeCloseTo((v[58] - norm[0]) / norm[1], 5);
  });

  it("reads covariates: past at the origin, future at the target time", () => {
    const n = 80;
    const temp = Float64Array.from({ length: n }, (_, i) => i * 10);
    const holiday = Float64Array.from({ length: n }, (_, i) => i);
    const s: Series = {
      id: "c",
      values: seasonal(n, 24, 10),
      covariates: { names: ["temp", "holiday"], past: [temp, holiday], future: [new Float64Array(5), Float64Array.from([80, 81, 82, 83, 84])] },
    };
    const spec = createFeatureSpec({ strategy: "direct", seasonLengths: [24], horizon: 3, pastCovariates: ["temp"], futureCovariates: ["holiday"] });
    const m = buildTrainingRows([s], spec);
    const F = m.nFeatures;
    for (let r = 0; r < m.nRows; r += 17) {
      expect(m.X[r * F + spec.names.indexOf("past_temp")]).toBe(temp[m.origin[r]]);
      expect(m.X[r * F + spec.names.indexOf("future_holiday")]).toBe(m.origin[r] + m.step[r]);
    }
    const row = new Float32Array(F);
    writeRow(spec, viewOf(s, spec, 0, 3), n - 1, 2, row, 0, new Float64Array(2));
    expect(row[spec.names.indexOf("future_holiday")]).toBe(81);
    expect(() => viewOf({ ...s, covariates: { names: [], past: [] } }, spec, 4)).toThrow(/row 4/);
  });

  it("calendar features follow the timestamps", () => {
    const spec = createFeatureSpec({ strategy: "direct", seasonLengths: [24], horizon: 2, calendar: true });
    const start = Date.UTC(2024, 0, 7, 22); // Sunday 22:00 UTC
    const s: Series = { id: "t", values: seasonal(100, 24, 10), startMs: start, stepMs: 3_600_000 };
    const row = new Float32Array(spec.names.length);
    writeRow(spec, viewOf(s, spec, 0), 0, 2, row, 0, new Float64Array(2)); // target: Monday 00:00
    expect(row[spec.names.indexOf("hour")]).toBe(0);
    expect(row[spec.names.indexOf("dow")]).toBe(1);
    expect(row[spec.names.indexOf("month")]).toBe(0);
  });

  it("subsamples to maxRows deterministically", () => {
    const spec = createFeatureSpec({ strategy: "direct", seasonLengths: [24], horizon: 24 });
    const a = buildTrainingRows(series, spec, { maxRows: 500, seed: 3 });
    const b = buildTrainingRows(series, spec, { maxRows: 500, seed: 3 });
    expect(a.nRows).toBeGreaterThan(400);
    expect(a.nRows).toBeLessThan(600);
    expect(Array.from(a.y)).toEqual(Array.from(b.y));
  });
});
