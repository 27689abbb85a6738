import { describe, expect, it } from "vitest";
import { decidePromotion } from "./promotion";

const snap = (hash: string) => ({ seriesId: "s", fromTs: "a", toTs: "b", rowCount: 100, contentHash: hash, stepMs: 1 });
const gbdt = (mase: number, hash = "h1", folds = 4) => ({ algorithm: "gbdt-direct", backtestMetrics: { all: { mase, folds } }, trainingSnapshot: snap(hash), parameters: {} });
const auto = (chosen: string, board: Record<string, number | null>) => ({
  algorithm: chosen,
  backtestMetrics: { all: { mase: board[chosen]!, folds: 8 } },
  trainingSnapshot: snap("h2"),
  parameters: { auto: { leaderboard: Object.entries(board).map(([name, validationMase]) => ({ name, validationMase, seconds: 0 })) } },
});

describe("decidePromotion", () => {
  it("promotes the first version of a model", () => {
    expect(decidePromotion(gbdt(1), undefined)).toMatchObject({ promote: true, basis: "first-version" });
  });

  it("auto: compares with the champion's method re-fitted on the same origins, by the margin", () => {
    const better = decidePromotion(auto("ets", { ets: 0.8, arima: 1.0 }), { ...auto("arima", { arima: 0.7 }), version: 3 });
    expect(better).toMatchObject({ promote: true, basis: "same-windows", candidateMase: 0.8, championMase: 1.0, championVersion: 3 });
    expect(better.reason).toMatch(/20\.0 % better, more than the 5\.0 % margin/);
    // 3 % better is inside the 5 % margin: the champion stays.
    const close = decidePromotion(auto("ets", { ets: 0.97, arima: 1.0 }), { ...auto("arima", {}), version: 3 });
    expect(close).toMatchObject({ promote: false, basis: "same-windows" });
    expect(close.reason).toMatch(/only 3\.0 % better, not more than the 5\.0 % margin; the champion stays/);
    expect(decidePromotion(auto("ets", { ets: 1.1, arima: 1.0 }), { ...auto("arima", {}), version: 3 }).reason).toMatch(/10\.0 % worse/);
    expect(decidePromotion(auto("ets", { ets: 0.97, arima: 1.0 }), { ...auto("arima", {}), version: 3 }, 0.01).promote).toBe(true);
  });

  it("GBDT: the same snapshot and folds are the same windows; other data is not compared automatically", () => {
    expect(decidePromotion(gbdt(0.8), { ...gbdt(1.0), version: 1 })).toMatchObject({ promote: true, basis: "same-windows", championMase: 1.0 });
    const other = decidePromotion(gbdt(0.5, "h9"), { ...gbdt(1.0), version: 1 });
    expect(other).toMatchObject({ promote: false, basis: "different-windows", championMase: 1.0 });
    expect(other.reason).toMatch(/promote by hand/);
    expect(decidePromotion(gbdt(0.5, "h1", 2), { ...gbdt(1.0), version: 1 }).basis).toBe("different-windows");
    // A GBDT champion is not in an auto leaderboard: not comparable.
    expect(decidePromotion(auto("ets", { ets: 0.1 }), { ...gbdt(1.0), version: 1 }).promote).toBe(false);
  });
});
