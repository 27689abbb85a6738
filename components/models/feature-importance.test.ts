import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { FeatureImportance } from "./feature-importance";

describe("FeatureImportance", () => {
  it("draws one bar per family, scaled to the largest, and the top features", () => {
    const html = renderToStaticMarkup(
      createElement(FeatureImportance, {
        importance: {
          available: true,
          method: "tree-shap",
          rows: 400,
          families: [
            { family: "seasonal lags", features: ["slag48_c1", "slag48_c2"], meanAbsShap: 120 },
            { family: "calendar", features: ["hour"], meanAbsShap: 30 },
          ],
          features: [
            { feature: "slag48_c1", family: "seasonal lags", meanAbsShap: 100 },
            { feature: "hour", family: "calendar", meanAbsShap: 30 },
          ],
        },
      }),
    );
    expect(html.match(/data-testid="family-importance"/g)).toHaveLength(2);
    expect(html).toContain("width:100%");
    expect(html).toContain("width:25%");
    expect(html).toContain("slag48_c1");
    expect(html).toContain("400 feature rows");
  });

  it("says why there is no importance", () => {
    const html = renderToStaticMarkup(createElement(FeatureImportance, { importance: { available: false, reason: "explanations are computed for GBDT versions" } }));
    expect(html).toContain("explanations are computed for GBDT versions");
    expect(html).not.toContain("<table");
  });
});
