import { describe, expect, it } from "vitest";
import { mulberry32 } from "@/ml/stats/random";
import { calibrateIntervals } from "../../ml/conformal/calibration";
import { formatStepMs } from "./format-step";
import { stableStringify, sha256Of } from "./hash";
import { reportedSteps } from "./backtest";
import { perturbParams, sampleParams } from "./search";

describe("training helpers", () => {
  it("hashes objects independently of key order", () => {
    expect(stableStringify({ b: 1, a: [1, { d: 2, c: 3 }] })).toBe('{"a":[1,{"c":3,"d":2}],"b":1}');
    expect(sha256Of(stableStringify({ x: 1, y: 2 }))).toBe(sha256Of(stableStringify({ y: 2, x: 1 })));
  });

  it("formats step lengths in series.frequency notation", () => {
    expect(formatStepMs(1_800_000)).toBe("30m");
    expect(formatStepMs(3_600_000)).toBe("1h");
    expect(formatStepMs(86_400_000)).toBe("1d");
    expect(formatStepMs(1500)).toBe("1500ms");
  });

  it("reports the first, quarter, half and last horizon steps", () => {
    expect(reportedSteps(48)).toEqual([1, 12, 24, 48]);
    expect(reportedSteps(1)).toEqual([1]);
  });

  it("samples search parameters inside their ranges, deterministically per seed", () => {
    const a = sampleParams(mulberry32(3));
    expect(sampleParams(mulberry32(3))).toEqual(a);
    for (let i = 0; i < 50; i++) {
      const r = mulberry32(i);
      const p = perturbParams(sampleParams(r), r);
      expect(p.learningRate).toBeGreaterThanOrEqual(0.01);
      expect(p.learningRate).toBeLessThanOrEqual(0.4);
      expect([7, 15, 31, 63]).toContain(p.maxLeaves);
      expect(p.featureFraction).toBeGreaterThanOrEqual(0.5);
      expect(p.featureFraction).toBeLessThanOrEqual(1);
    }
  });

  it("calibrates wider intervals at higher levels, pooling neighbouring steps when scores are few", () => {
    // 4 folds × 12 steps of scaled residuals growing with the step.
    const scores = Array.from({ length: 12 }, (_, h) => Array.from({ length: 4 }, (_, k) => (h + 1) * 0.1 + k * 0.01));
    const c = calibrateIntervals(scores, [80, 95], 24);
    expect(c.halfWidths["80"]).toHaveLength(12);
    for (let h = 0; h < 12; h++) {
      expect(Number.isFinite(c.halfWidths["95"][h])).toBe(true);
      expect(c.halfWidths["95"][h]).toBeGreaterThanOrEqual(c.halfWidths["80"][h]);
    }
    expect(c.halfWidths["80"][11]).toBeGreaterThan(c.halfWidths["80"][0]);
  });
});
