import { describe, expect, it } from "vitest";
import { createRng } from "@/ml/gbdt/prng";
import type { Series } from "@/ml/types";
import { choleskySolve, createRidgeForecaster, fitRidge, predictRidge } from "./ridge";

/** Solves A x = b by Gaussian elimination with partial pivoting (independent of the Cholesky path). */
function gaussSolve(A: number[][], b: number[]): number[] {
  const n = b.length;
  const M = A.map((row, i) => [...row, b[i]]);
  for (let c = 0; c < n; c++) {
    let piv = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(M[r][c]) > Math.abs(M[piv][c])) piv = r;
    [M[c], M[piv]] = [M[piv], M[c]];
    for (let r = c + 1; r < n; r++) {
      const f = M[r][c] / M[c][c];
      for (let k = c; k <= n; k++) M[r][k] -= f * M[c][k];
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let r = n - 1; r >= 0; r--) {
    let s = M[r][n];
    for (let k = r + 1; k < n; k++) s -= M[r][k] * x[k];
    x[r] = s / M[r][r];
  }
  return x;
}

describe("ridge", () => {
  it("Cholesky solves a symmetric positive-definite system", () => {
    const A = Float64Array.from([4, 2, 0.4, 2, 5, 1, 0.4, 1, 3]);
    const x = choleskySolve(A, Float64Array.from([1, 2, 3]), 3);
    const ref = gaussSolve([[4, 2, 0.4], [2, 5, 1], [0.4, 1, 3]], [1, 2, 3]);
    x.forEach((v, i) => expect(v).toBeCloseTo(ref[i], 12));
  });

  it("matches the closed-form ridge solution on standardised features", () => {
    const rng = createRng(1);
    const n = 300;
    const p = 4;
    const X = new Float64Array(n * p);
    const y = new Float64Array(n);
    for (let r = 0; r < n; r++) {
      for (let j = 0; j < p; j++) X[r * p + j] = (j + 1) * (rng() - 0.5) + j;
      y[r] = 3 * X[r * p] - 2 * X[r * p + 2] + 0.5 + 0.1 * (rng() - 0.5);
    }
    const lambda = 0.3;
    const model = fitRidge(X, y, n, p, lambda);
    // Closed form: w = (ZᵀZ/n + λI)⁻¹ Zᵀ(y − ȳ)/n with Z the standardised X.
    const mean = Array.from({ length: p }, (_, j) => X.filter((_, i) => i % p === j).reduce((a, b) => a + b, 0) / n);
    const sd = mean.map((m, j) => Math.sqrt(X.filter((_, i) => i % p === j).reduce((a, v) => a + (v - m) ** 2, 0) / n));
    const Z = Array.from({ length: n }, (_, r) => mean.map((m, j) => (X[r * p + j] - m) / sd[j]));
    const ybar = y.reduce((a, b) => a + b, 0) / n;
    const A = mean.map((_, i) => mean.map((_, j) => Z.reduce((a, z) => a + z[i] * z[j], 0) / n + (i === j ? lambda : 0)));
    const b = mean.map((_, i) => Z.reduce((a, z, r) => a + z[i] * (y[r] - ybar), 0) / n);
    const w = gaussSolve(A, b);
    w.forEach((v, i) => expect(model.weights[i]).toBeCloseTo(v, 9));
    expect(model.intercept).toBeCloseTo(ybar, 12);
    // With a tiny λ the fit recovers the generating coefficients in the original units.
    const exact = fitRidge(X, y, n, p, 1e-9);
    expect(exact.weights[0] / exact.std[0]).toBeCloseTo(3, 1);
    expect(exact.weights[2] / exact.std[2]).toBeCloseTo(-2, 1);
    const pr = predictRidge(exact, X, n, p);
    expect(Math.abs(pr[0] - y[0])).toBeLessThan(0.1);
  });

  it("gives constant features zero weight and imputes missing values with the mean", () => {
    const X = Float64Array.from([1, 5, 2, 5, 3, 5, NaN, 5]);
    const y = Float64Array.from([2, 4, 6, 5]);
    const m = fitRidge(X, y, 4, 2, 0.01);
    expect(m.weights[1]).toBe(0);
    expect(predictRidge(m, Float64Array.from([NaN, 5]), 1, 2)[0]).toBeCloseTo(m.intercept, 12);
  });

  it("forecasts seasonal series with both strategies", async () => {
    const series: Series[] = Array.from({ length: 4 }, (_, k) => ({
      id: `s${k}`,
      values: Float64Array.from({ length: 24 * 20 }, (_, t) => 100 * (k + 1) + 10 * (k + 1) * Math.sin((2 * Math.PI * t) / 24) + 0.01 * t),
    }));
    for (const strategy of ["direct", "recursive"] as const) {
      const f = createRidgeForecaster({ strategy });
      await f.fit(series, { seasonLengths: [24], horizon: 12 });
      const fc = await f.forecast(12, [90]);
      expect(fc.map((x) => x.id)).toEqual(series.map((s) => s.id));
      const n = 24 * 20;
      for (let k = 0; k < 4; k++) {
        for (let h = 0; h < 12; h++) {
          const truth = 100 * (k + 1) + 10 * (k + 1) * Math.sin((2 * Math.PI * (n + h)) / 24) + 0.01 * (n + h);
          expect(Math.abs(fc[k].mean[h] - truth)).toBeLessThan(0.5 * (k + 1));
          // The fit is not exact (the trend term and the penalty), so the residual intervals have width.
          expect(fc[k].intervals[0].lower[h]).toBeLessThan(fc[k].mean[h]);
          expect(fc[k].intervals[0].upper[h]).toBeGreaterThan(fc[k].mean[h]);
        }
      }
      expect(f.getModels().models.length).toBe(strategy === "direct" ? 12 : 1);
    }
  });
});
