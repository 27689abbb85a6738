import { describe, expect, it } from "vitest";
import { mergeBacktestPlots, metricRows } from "./version-compare-data";

describe("version compare data", () => {
  it("lists each step's metrics in step order with the relative change of B to A", () => {
    const rows = metricRows(
      { backtestMetrics: { all: { mase: 1, smape: 10 }, h10: { mase: 2 }, h2: { mase: 0.5, mae: 3 } } },
      { backtestMetrics: { all: { mase: 0.8, smape: 11 }, h2: { mase: 0.6 }, h10: { mase: 2 } } },
    );
    expect(rows.map((r) => `${r.step}:${r.metric}`)).toEqual(["h2:MASE", "h2:MAE", "h10:MASE", "all:MASE", "all:sMAPE"]);
    expect(rows[0].change).toBeCloseTo(0.2, 12);
    expect(rows[1]).toMatchObject({ a: 3, b: null, change: null });
    expect(rows[3].change).toBeCloseTo(-0.2, 12);
  });
  it("puts both folds on one time axis, keeping each side's forecast apart", () => {
    const merged = mergeBacktestPlots(
      { ts: ["2026-01-01T00:00:00Z", "2026-01-01T01:00:00Z"], actual: [1, 2], forecast: [1.5, 2.5], baseline: [1, 1] },
      { ts: ["2026-01-01T01:00:00Z", "2026-01-01T02:00:00Z"], actual: [2, 3], forecast: [2.2, 3.3], baseline: [2, 2] },
    );
    expect(merged).toEqual([
      { t: Date.parse("2026-01-01T00:00:00Z"), actual: 1, a: 1.5, b: null },
      { t: Date.parse("2026-01-01T01:00:00Z"), actual: 2, a: 2.5, b: 2.2 },
      { t: Date.parse("2026-01-01T02:00:00Z"), actual: 3, a: null, b: 3.3 },
    ]);
    expect(mergeBacktestPlots(null, null)).toEqual([]);
  });
});
