import { describe, expect, it } from "vitest";
import fixtures from "../ets/fixtures/r-ets.json";
import type { Series } from "../../types";
import { fitLocalState, forecastLocalState, parseCombinationName, selectLocalModel } from ".";

type Fixture = { id: string; kind: string; m: number; h: number; values: number[] };
const cases = (fixtures as Fixture[]).filter((f) => f.kind.startsWith("m1-"));
const series = (f: Fixture, values = f.values): Series => ({ id: f.id, values: Float64Array.from(values) });
const pick = (kind: string) => cases.find((c) => c.kind === kind)!;

describe("selectLocalModel (auto on one series, stored as a state)", () => {
  it.each(["m1-yearly", "m1-quarterly", "m1-monthly"])("%s: the stored state forecasts what auto forecast (parity 1e-9)", async (kind) => {
    const f = pick(kind);
    const sel = await selectLocalModel(series(f), { horizon: f.h, seasonLengths: [f.m], levels: [80, 95], seed: 1 });
    expect(sel.parityMaxRelativeError).toBeLessThan(1e-9);
    expect(sel.leaderboard.length).toBeGreaterThanOrEqual(3);
    expect(sel.leaderboard.map((r) => r.name)).toContain(sel.chosen === "last-value" ? "naive" : sel.chosen);
    // Every row carries its backtest per horizon block and sMAPE; single models their own interval's coverage.
    for (const r of sel.leaderboard) {
      expect(r.maseByBlock!.map((b) => [b.from, b.to]).flat()[0]).toBe(1);
      expect(r.maseByBlock!.at(-1)!.to).toBe(f.h);
      if (Number.isFinite(r.validationMase)) expect(r.smape).toBeGreaterThanOrEqual(0);
    }
    // (the monthly fixture is too short for a backtest window: every row is unscored there)
    if (sel.leaderboard.some((r) => Number.isFinite(r.validationMase))) expect(sel.leaderboard.some((r) => !r.name.includes("(") && r.coverage?.level === 95)).toBe(true);
    // Re-applying the stored half-widths at the training origin gives auto's own 95 % band.
    const hw = sel.calibration.halfWidths["95"];
    const up = sel.forecast.upper["95"];
    expect(hw).toHaveLength(f.h);
    for (let h = 0; h < f.h; h++) expect(up[h]).toBeGreaterThan(sel.forecast.mean[h]);
    // JSON round trip: the state is plain data.
    const again = await forecastLocalState(JSON.parse(JSON.stringify(sel.state)), {
      history: series(f),
      newValues: new Float64Array(0),
      horizon: f.h,
      ctx: { seasonLengths: sel.seasonLengths, horizon: f.h, seed: 1 },
    });
    for (let h = 0; h < f.h; h++) expect(again[h]).toBeCloseTo(sel.forecast.mean[h], 9);
  }, 60_000);

  it("a tiny series gets a sane forecast (its last value)", async () => {
    const sel = await selectLocalModel({ id: "t", values: Float64Array.from([5, 7]) }, { horizon: 3, seasonLengths: [12], levels: [95] });
    expect(sel.forecast.mean).toEqual([7, 7, 7]);
    expect(sel.state).toEqual({ kind: "refit", model: "naive" });
  });
});

describe("forecastLocalState from a later origin", () => {
  it.each(["ets", "arima"])("%s: newer observations move the state, the parameters stay", async (name) => {
    const f = pick("m1-monthly");
    const ctx = { seasonLengths: [f.m], horizon: f.h, seed: 1 };
    const state = await fitLocalState(name, series(f), ctx);
    const base = await forecastLocalState(state, { history: series(f), newValues: new Float64Array(0), horizon: f.h, ctx });
    // Six new months twice as high as the last year: the level the filtered state carries must rise.
    const last = f.values.slice(-f.m);
    const fresh = Float64Array.from(last.slice(0, 6), (v) => 2 * v);
    const moved = await forecastLocalState(state, { history: series(f, [...f.values, ...fresh]), newValues: fresh, horizon: f.h, ctx });
    const mean = (a: Float64Array) => a.reduce((s, v) => s + v, 0) / a.length;
    expect(mean(moved)).toBeGreaterThan(mean(base) * 1.2);
    // And the stored state itself is unchanged (serving never writes back).
    const unchanged = await forecastLocalState(state, { history: series(f), newValues: new Float64Array(0), horizon: f.h, ctx });
    expect(Array.from(unchanged)).toEqual(Array.from(base));
  });

  it("combinations are the mean or median of their members' forecasts", async () => {
    const f = pick("m1-quarterly");
    const ctx = { seasonLengths: [f.m], horizon: f.h, seed: 1 };
    const input = { history: series(f), newValues: new Float64Array(0), horizon: f.h, ctx };
    const combo = await fitLocalState("median(ets,arima,theta)", series(f), ctx);
    expect(combo.kind).toBe("combination");
    const members = await Promise.all(["ets", "arima", "theta"].map(async (n) => forecastLocalState(await fitLocalState(n, series(f), ctx), input)));
    const got = await forecastLocalState(combo, input);
    for (let h = 0; h < f.h; h++) expect(got[h]).toBeCloseTo([...members.map((m) => m[h])].sort((a, b) => a - b)[1], 9);
  });

  it("names it cannot store are refused with the field named", async () => {
    await expect(fitLocalState("gbdt-direct", { id: "x", values: new Float64Array(30) }, { seasonLengths: [1], horizon: 2 })).rejects.toMatchObject({ field: "model" });
    expect(parseCombinationName("mean(ets,theta)")).toEqual({ how: "mean", members: ["ets", "theta"] });
    expect(parseCombinationName("ets")).toBeNull();
  });
});
