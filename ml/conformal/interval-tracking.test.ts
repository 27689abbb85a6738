import { describe, expect, it } from "vitest";
import { mulberry32 } from "../stats/random";
import { scaleBounds, trackInterval, type TrackingState } from "./interval-tracking";

describe("interval tracking (ACI, quantile-tracking form)", () => {
  it("a miss widens, a hit narrows, by the stated steps", () => {
    const s0: TrackingState = { logFactor: 0, scored: 0, missed: 0 };
    const miss = trackInterval(s0, true, 95);
    expect(miss.logFactor).toBeCloseTo(0.05 * 0.95, 12);
    expect(trackInterval(s0, false, 95).logFactor).toBeCloseTo(-0.05 * 0.05, 12);
    expect(miss).toMatchObject({ scored: 1, missed: 1 });
    expect(() => trackInterval(s0, true, 100)).toThrow(/level/);
  });

  it("under a shift that doubles the errors, the realised miss rate returns to the promise", () => {
    // Calibrated for N(0,1) errors at 95 % (half-width 1.96); the errors then come from N(0, 2²).
    const rand = mulberry32(7);
    const gauss = () => Math.sqrt(-2 * Math.log(rand() || 1e-12)) * Math.cos(2 * Math.PI * rand());
    let s: TrackingState = { logFactor: 0, scored: 0, missed: 0 };
    let fixedMisses = 0;
    let lateMisses = 0;
    const N = 20_000;
    for (let t = 0; t < N; t++) {
      const e = 2 * gauss();
      const { upper } = scaleBounds(0, -1.96, 1.96, s.logFactor);
      const miss = Math.abs(e) > upper!;
      if (Math.abs(e) > 1.96) fixedMisses++;
      if (t >= N / 2 && miss) lateMisses++;
      s = trackInterval(s, miss, 95);
    }
    expect(fixedMisses / N).toBeGreaterThan(0.25); // the fixed interval: ~33 % misses
    expect(lateMisses / (N / 2)).toBeGreaterThan(0.04);
    expect(lateMisses / (N / 2)).toBeLessThan(0.06);
    expect(Math.exp(s.logFactor)).toBeGreaterThan(1.7); // ≈ 2, the scale of the shift
    expect(Math.exp(s.logFactor)).toBeLessThan(2.4);
  });

  it("scales half-widths around the mean and keeps a missing bound missing", () => {
    expect(scaleBounds(10, 8, 13, Math.log(2))).toEqual({ lower: 6, upper: 16 });
    expect(scaleBounds(10, undefined, 13, 0)).toEqual({ lower: undefined, upper: 13 });
  });
});
