import { describe, expect, it } from "vitest";
import { InvalidInputError } from "../errors";
import { featureFamily } from "./feature-families";
import { globalImportance, groupedImportance, waterfall } from "./importance";
import { createFeatureSpec } from "../features/spec";

describe("featureFamily", () => {
  it("sorts every column a feature spec makes into a named family", () => {
    const spec = createFeatureSpec({
      strategy: "direct",
      seasonLengths: [24],
      fourierOrder: 2,
      horizon: 6,
      calendar: true,
      pastCovariates: ["temp"],
      futureCovariates: ["price"],
      includeLogScale: true,
    });
    const families = new Set(spec.names.map(featureFamily));
    expect(families.has("other")).toBe(false);
    expect(families.size).toBe(9);
    expect(featureFamily("lag_3")).toBe("lags");
    expect(featureFamily("slag24_c2")).toBe("seasonal lags");
    expect(featureFamily("roll24_std")).toBe("rolling stats");
    expect(featureFamily("fourier24_cos2")).toBe("seasonality");
    expect(featureFamily("dow")).toBe("calendar");
    expect(featureFamily("past_temp")).toBe("past covariates");
    expect(featureFamily("future_price")).toBe("future covariates");
    expect(featureFamily("h")).toBe("horizon");
    expect(featureFamily("log_scale")).toBe("scale");
    expect(featureFamily("mystery")).toBe("other");
  });
});

describe("importance", () => {
  const names = ["lag_1", "lag_2", "hour", "past_temp"];
  const rows = [Float64Array.from([1, -1, 0.5, 0]), Float64Array.from([-3, 1, -0.5, 2])];

  it("is mean |SHAP| per feature, largest first", () => {
    expect(globalImportance(rows, names)).toEqual([
      { feature: "lag_1", meanAbsShap: 2 },
      { feature: "lag_2", meanAbsShap: 1 },
      { feature: "past_temp", meanAbsShap: 1 },
      { feature: "hour", meanAbsShap: 0.5 },
    ]);
  });

  it("groups by family as mean |Σ family SHAP| (contributions of one row may cancel)", () => {
    expect(groupedImportance(rows, names)).toEqual([
      { family: "lags", features: ["lag_1", "lag_2"], meanAbsShap: (0 + 2) / 2 },
      { family: "past covariates", features: ["past_temp"], meanAbsShap: 1 },
      { family: "calendar", features: ["hour"], meanAbsShap: 0.5 },
    ]);
  });

  it("builds a waterfall whose parts add up to the prediction", () => {
    const w = waterfall(10, rows[1], names, [1, 2, 3, NaN], 2);
    expect(w.top).toEqual([
      { feature: "lag_1", value: 1, contribution: -3 },
      { feature: "past_temp", value: NaN, contribution: 2 },
    ]);
    expect(w.rest).toEqual({ contribution: 0.5, count: 2 });
    expect(w.prediction).toBe(10 - 3 + 1 - 0.5 + 2);
    expect(w.expectedValue + w.top.reduce((s, t) => s + t.contribution, 0) + w.rest.contribution).toBe(w.prediction);
  });

  it("refuses empty or ragged input", () => {
    expect(() => globalImportance([], names)).toThrow(InvalidInputError);
    expect(() => groupedImportance([new Float64Array(3)], names)).toThrow(/row 0/);
    expect(() => waterfall(0, rows[0], names, [], -1)).toThrow(/top/);
  });
});
