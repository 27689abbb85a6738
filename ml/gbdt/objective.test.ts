import { describe, expect, it } from "vitest";
import { quantileInPlace } from "./objective";
import { createRng } from "./prng";

describe("quantileInPlace", () => {
  it("matches the sorted-array quantile with linear interpolation", () => {
    const rng = createRng(3);
    for (const n of [1, 2, 3, 10, 101, 1000]) {
      const v = Float64Array.from({ length: n }, () => Math.round(rng() * 50) / 5);
      const sorted = Float64Array.from(v).sort();
      for (const alpha of [0, 0.025, 0.1, 0.5, 0.9, 0.975, 1]) {
        const pos = alpha * (n - 1);
        const lo = Math.floor(pos);
        const hi = Math.min(n - 1, lo + 1);
        const want = sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
        expect(quantileInPlace(Float64Array.from(v), alpha)).toBeCloseTo(want, 12);
      }
    }
  });
});
