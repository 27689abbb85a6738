import { describe, expect, it } from "vitest";
import { InvalidInputError } from "../../errors";
import { gaussian, mulberry32 } from "../../stats/random";
import { isTradingDay, nextTradingDays } from "../calendar/nyse";
import { ewmaVolatility, scaledQuantiles, rollingForecasts } from "./backtest";
import { createCandidates } from "./candidates";
import { backtestOrigins, forecastTicker } from "./forecast-ticker";

/** A geometric random walk on NYSE trading days from 2015-01-02 (daily log sd `vol`, drift `mu`). */
function gbm(n: number, seed: number, vol = 0.015, mu = 0) {
  const z = gaussian(mulberry32(seed));
  const dates = ["2015-01-02", ...nextTradingDays("2015-01-02", n - 1)];
  const close = new Float64Array(n);
  let lp = Math.log(100);
  for (let t = 0; t < n; t++) {
    if (t > 0) lp += mu + vol * z();
    close[t] = Math.exp(lp);
  }
  return { id: "SYN", dates, close };
}

describe("forecastTicker", () => {
  it("random walk on a random walk: NYSE dates, nested bands around the last close, log returns consistent, sideways", async () => {
    const h = gbm(1200, 7);
    const f = await forecastTicker(h, { candidates: ["rw"] });
    const last = h.dates[h.dates.length - 1];
    expect(f.originDate).toBe(last);
    expect(f.points.map((p) => p.date)).toEqual(nextTradingDays(last, 5));
    expect(f.points.every((p) => isTradingDay(p.date))).toBe(true);
    expect(f.model).toBe("rw");
    for (const [k, p] of f.points.entries()) {
      expect(p.mean).toBeCloseTo(f.lastClose, 9);
      expect(p.lower["95"]).toBeLessThan(p.lower["80"]);
      expect(p.lower["80"]).toBeLessThan(p.mean);
      expect(p.upper["95"]).toBeGreaterThan(p.upper["80"]);
      expect(Math.exp(f.logReturn[k].upper["95"]) * f.lastClose).toBeCloseTo(p.upper["95"], 9);
    }
    // Wider further out (a random walk's error grows with the step).
    expect(f.points[4].upper["95"] - f.points[4].lower["95"]).toBeGreaterThan(f.points[0].upper["95"] - f.points[0].lower["95"]);
    expect(f.trend.call).toBe("sideways");
    expect(f.trend.thresholdPct).toBe(1);
    const rw = f.backtest.candidates[0];
    expect(rw.origins).toBe(100);
    // Out-of-sample coverage of a calibrated band on data the model is true for.
    expect(rw.coverage["95"]).toBeGreaterThan(0.9);
    expect(rw.coverage["80"]).toBeGreaterThan(0.7);
    expect(rw.coverage["80"]).toBeLessThan(0.9);
  });

  it("a strong drift is chosen over the random walk and called up", async () => {
    const h = gbm(1200, 3, 0.004, 0.004);
    const f = await forecastTicker(h, { candidates: ["rw", "rw-drift"] });
    expect(f.model).toBe("rw-drift");
    const [rw, drift] = f.backtest.candidates;
    expect(drift.mase).toBeLessThan(rw.mase);
    expect(f.trend.call).toBe("up");
    expect(f.trend.pUp).toBeGreaterThan(0.5);
  });

  it("bad input names the field and row", async () => {
    const h = gbm(400, 1);
    const swapped = { ...h, dates: [...h.dates] };
    [swapped.dates[10], swapped.dates[11]] = [swapped.dates[11], swapped.dates[10]];
    await expect(forecastTicker(swapped)).rejects.toMatchObject({ field: "dates", row: 11 });
    const neg = { ...h, close: h.close.slice() };
    neg.close[5] = -1;
    await expect(forecastTicker(neg, { candidates: ["rw"] })).rejects.toThrow(InvalidInputError);
    await expect(forecastTicker(gbm(100, 1), { candidates: ["rw"] })).rejects.toThrow(/backtest origins/);
  });
});

describe("calibration", () => {
  it("the quantiles at an origin never read closes after it", async () => {
    const h = gbm(800, 11);
    const origins = backtestOrigins(800, 5, 5, 120);
    const fs = (await rollingForecasts(h.close, createCandidates(["rw"]), origins, 5)).get("rw")!;
    const asOf = origins[80];
    const q = scaledQuantiles(h.close, fs, asOf, 5, 100, 95);
    const changed = h.close.slice();
    for (let t = asOf + 1; t < changed.length; t++) changed[t] *= 3;
    expect(Array.from(scaledQuantiles(changed, fs, asOf, 5, 100, 95))).toEqual(Array.from(q));
  });

  it("EWMA volatility tracks a volatility change", () => {
    const z = gaussian(mulberry32(5));
    const lp = new Float64Array(1000);
    for (let t = 1; t < 1000; t++) lp[t] = lp[t - 1] + (t < 500 ? 0.01 : 0.03) * z();
    const v = ewmaVolatility(lp);
    expect(v[499]).toBeGreaterThan(0.006);
    expect(v[499]).toBeLessThan(0.015);
    expect(v[999]).toBeGreaterThan(0.02);
  });
});
