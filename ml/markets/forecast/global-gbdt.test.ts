import { describe, expect, it } from "vitest";
import { gaussian, mulberry32 } from "../../stats/random";
import { nextTradingDays } from "../calendar/nyse";
import { buildFeatures, ttrFeatures, type FeatureBlock } from "./features";
import { createGlobalGbdt } from "./global-gbdt";

function panelOf(k: number, n: number, seed: number) {
  const z = gaussian(mulberry32(seed));
  const dates = ["2010-01-04", ...nextTradingDays("2010-01-04", n - 1)];
  return Array.from({ length: k }, () => {
    const close = new Float64Array(n);
    let lp = Math.log(50);
    for (let t = 0; t < n; t++) close[t] = Math.exp((lp += t ? 0.015 * z() : 0));
    return { dates, close };
  });
}

describe("ticker features", () => {
  it("are causal: values at t do not change when later bars change", () => {
    const [p] = panelOf(1, 400, 2);
    const a = buildFeatures({ close: p.close });
    const changed = p.close.slice();
    for (let t = 301; t < 400; t++) changed[t] *= 1.5;
    const b = buildFeatures({ close: changed });
    expect(a.names).toEqual(ttrFeatures({ close: p.close }).names);
    for (let c = 0; c < a.columns.length; c++) expect(Array.from(b.columns[c].subarray(0, 301))).toEqual(Array.from(a.columns[c].subarray(0, 301)));
  });

  it("take another block beside the TTR one (the Alpha158 shape)", () => {
    const [p] = panelOf(1, 100, 3);
    const extra: FeatureBlock = ({ close }) => ({ names: ["logClose"], columns: [close.map(Math.log)] });
    const f = buildFeatures({ close: p.close }, [ttrFeatures, extra]);
    expect(f.names.at(-1)).toBe("logClose");
    expect(f.columns).toHaveLength(f.names.length);
  });
});

describe("global GBDT on returns", () => {
  it("never learns from targets after the origin's refit block starts", async () => {
    const panel = panelOf(4, 900, 9);
    const o = 700;
    const before = await createGlobalGbdt(panel).candidateFor(0).forecast(panel[0].close.subarray(0, o + 1).map(Math.log), 5);
    // Every ticker's closes after the origin changed: the forecast from the origin is the same.
    const changed = panel.map((p) => ({ dates: p.dates, close: p.close.map((v, t) => (t > o ? v * (1 + 0.1 * Math.sin(t)) : v)) }));
    const after = await createGlobalGbdt(changed).candidateFor(0).forecast(changed[0].close.subarray(0, o + 1).map(Math.log), 5);
    expect(Array.from(after)).toEqual(Array.from(before));
    expect(before[0]).not.toBe(before[4]); // a fitted model, not the last-value fallback
  });

  it("falls back to the last value when there are too few rows to learn from", async () => {
    const panel = panelOf(1, 150, 4);
    const lp = panel[0].close.map(Math.log);
    expect(Array.from(await createGlobalGbdt(panel).candidateFor(0).forecast(lp, 5))).toEqual(new Array(5).fill(lp[149]));
  });
});
