import { describe, expect, it } from "vitest";
import { TRAIN_OPTION_LIMITS as L, trainOptionsSchema } from "./options";
import { startTrainingRequestSchema, trainModelPayloadSchema } from "./schemas";

/** The first issue's path and message for `options` (or undefined when they parse). */
function refusal(options: Record<string, unknown>) {
  const r = trainOptionsSchema.safeParse(options);
  return r.success ? undefined : { path: r.error.issues[0].path.join("."), message: r.error.issues[0].message };
}

describe("trainOptionsSchema upper bounds", () => {
  const overLimit: [string, unknown, string][] = [
    ["searchBudgetMs", L.searchBudgetMs + 1, "searchBudgetMs"],
    ["maxTrainPoints", L.maxTrainPoints + 1, "maxTrainPoints"],
    ["maxRows", L.maxRows + 1, "maxRows"],
    ["earlyStoppingRounds", L.earlyStoppingRounds + 1, "earlyStoppingRounds"],
    ["horizon", L.horizon + 1, "horizon"],
    ["maxTrials", L.maxTrials + 1, "maxTrials"],
    ["maxTrees", L.maxTrees + 1, "maxTrees"],
    ["backtestWindows", L.backtestWindows + 1, "backtestWindows"],
    ["seed", L.seedMax + 1, "seed"],
    ["seed", 2 ** 53, "seed"],
    ["seasonLengths", [48, L.seasonLength + 1], "seasonLengths.1"],
    ["seasonLengths", [2, 3, 4, 5, 6], "seasonLengths"],
    ["levels", [10, 20, 30, 40, 50, 60, 70, 80, 90], "levels"],
  ];
  it.each(overLimit)("refuses %s = %j, naming the field", (field, value, path) => {
    const r = refusal({ [field]: value });
    expect(r?.path).toBe(path);
    expect(r?.message).toMatch(/too big|<=|at most/i);
  });

  it("accepts each limit itself", () => {
    const atLimit = {
      searchBudgetMs: L.searchBudgetMs,
      maxTrainPoints: L.maxTrainPoints,
      maxRows: L.maxRows,
      earlyStoppingRounds: L.earlyStoppingRounds,
      horizon: L.horizon,
      maxTrials: L.maxTrials,
      maxTrees: L.maxTrees,
      backtestWindows: L.backtestWindows,
      seed: L.seedMax,
      seasonLengths: [L.seasonLength, 2, 3, 4],
      levels: [10, 20, 30, 40, 50, 60, 70, 80],
    };
    expect(trainOptionsSchema.safeParse(atLimit).success).toBe(true);
    expect(L.searchBudgetMs).toBe(10 * 60_000);
    expect(L.maxRows).toBe(1_000_000);
    expect(L.earlyStoppingRounds).toBe(1_000);
  });

  it("holds for the REST body and the job payload, which take partial options", () => {
    const rest = startTrainingRequestSchema.safeParse({ asset_id: "a", options: { searchBudgetMs: 3_600_000 } });
    expect(rest.success).toBe(false);
    expect(rest.error?.issues[0].path).toEqual(["options", "searchBudgetMs"]);
    const job = trainModelPayloadSchema.safeParse({
      assetId: "4d2f0d3c-3c55-4c8a-9b6a-2b0f5f0c1d11",
      metric: "load",
      options: { maxTrainPoints: 1e9 },
    });
    expect(job.success).toBe(false);
    expect(job.error?.issues[0].path).toEqual(["options", "maxTrainPoints"]);
  });
});
