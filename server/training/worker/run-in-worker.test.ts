import { readFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { InvalidInputError } from "@/ml/errors";
import type { Series } from "@/ml/types";
import { isPermanentError } from "@/server/jobs/permanent-error";
import { TrainingDataError } from "../errors";
import { searchHyperparameters, type Trial } from "../search";
import { toRegularSeries } from "@/ml/series/to-regular-series";
import { reviveWorkerError, serializeWorkerError, TrainingWorkerCrashedError } from "./errors";
import { watchEventLoopGaps } from "./event-loop-gaps";
import { liveTrainingWorkers, runInWorker, trainingWorkerEntry } from "./run-in-worker";

function demandSeries(lastRows: number): Series {
  const lines = readFileSync(path.resolve(import.meta.dirname, "../fixtures/ew-demand.csv"), "utf8").trim().split("\n").slice(-lastRows);
  const rows = lines.map((l) => {
    const [ts, v] = l.split(",");
    return { ts: new Date(ts), value: Number(v) };
  });
  return toRegularSeries("ew-demand", rows, 30 * 60_000, 48);
}

const SEARCH = { seasonLengths: [48], horizon: 48, maxTrials: 2, budgetMs: 60_000, maxTrees: 20, earlyStoppingRounds: 10, maxRows: 4000, seed: 3 };
const untimed = (t: Trial) => ({ ...t, seconds: 0 });

afterEach(() => {
  // Every task's promise settles only after its thread exited: nothing may outlive a test.
  expect(liveTrainingWorkers()).toBe(0);
});

describe("runInWorker", () => {
  it("returns what the task returns in-process, and delivers its callbacks on the main thread while it runs", async () => {
    const series = demandSeries(1500);
    const calls: string[] = [];
    let settled = false;
    const promise = runInWorker("searchHyperparameters", [
      series,
      {
        ...SEARCH,
        onLoss: (p) => calls.push(`loss ${p.candidate} ${p.iteration}${settled ? " late" : ""}`),
        onTrial: (t, i) => calls.push(`trial ${i} ${t.name}`),
      },
    ]).finally(() => (settled = true));
    const inWorker = await promise;
    const inProcess = await searchHyperparameters(series, SEARCH);

    expect({ ...inWorker, best: untimed(inWorker.best), trials: inWorker.trials.map(untimed) }).toEqual({
      ...inProcess,
      best: untimed(inProcess.best),
      trials: inProcess.trials.map(untimed),
    });
    expect(calls.filter((c) => c.startsWith("trial"))).toEqual(["trial 0 trial-0", "trial 1 trial-1"]);
    // Loss points of trial 0 (iterations from 1) come before its trial callback, in order; none after the result.
    const firstTrial = calls.indexOf("trial 0 trial-0");
    expect(calls.slice(0, firstTrial)).toEqual(Array.from({ length: firstTrial }, (_, i) => `loss trial-0 ${i + 1}`));
    expect(firstTrial).toBeGreaterThan(3);
    expect(calls.some((c) => c.endsWith("late"))).toBe(false);
  });

  it("keeps the main thread's event loop free while the task fits", async () => {
    const gaps = watchEventLoopGaps();
    let result;
    let maxGapMs: number;
    try {
      result = await runInWorker("searchHyperparameters", [demandSeries(4032), { ...SEARCH, maxTrials: 3, maxTrees: 80, earlyStoppingRounds: 80, maxRows: 20_000 }]);
    } finally {
      // Counts the gap still open when the task resolves too (in-process fits would block to the end).
      maxGapMs = gaps.stop();
    }
    // Over a second of synchronous fitting (timed inside the task), yet the ticker never stalled.
    expect(result.trials.reduce((s, t) => s + t.seconds, 0)).toBeGreaterThan(1);
    expect(maxGapMs).toBeLessThan(100);
  });

  it("rethrows a task's error as the same class with the same message and fields", async () => {
    const series = demandSeries(1500);
    const bad = { ...SEARCH, seasonLengths: [0] };
    const inProcess = await searchHyperparameters(series, bad).catch((e: unknown) => e);
    const fromWorker = await runInWorker("searchHyperparameters", [series, bad]).catch((e: unknown) => e);
    expect(inProcess).toBeInstanceOf(InvalidInputError);
    expect(fromWorker).toBeInstanceOf(InvalidInputError);
    expect((fromWorker as InvalidInputError).message).toBe((inProcess as InvalidInputError).message);
    expect((fromWorker as InvalidInputError).field).toBe("seasonLengths");
    expect((fromWorker as Error).name).toBe("InvalidInputError");
    expect((fromWorker as Error).stack).toContain("createFeatureSpec");
  });

  it("fails (never hangs) with a retryable error when the worker dies", async () => {
    const err = await runInWorker("searchHyperparameters", [demandSeries(4032), { ...SEARCH, maxRows: 40_000 }], {
      resourceLimits: { maxOldGenerationSizeMb: 4, maxYoungGenerationSizeMb: 1 },
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TrainingWorkerCrashedError);
    expect((err as Error).message).toMatch(/training worker \(searchHyperparameters\) (crashed|exited)/);
    expect(isPermanentError(err)).toBe(false);
  });

  it("stops the worker mid-task and rejects with the error when a main-thread callback throws", async () => {
    let losses = 0;
    const err = await runInWorker("searchHyperparameters", [
      demandSeries(1500),
      {
        ...SEARCH,
        onLoss: () => {
          if (++losses === 3) throw new Error("progress write failed");
        },
      },
    ]).catch((e: unknown) => e);
    expect((err as Error).message).toBe("progress write failed");
    expect(losses).toBe(3);
  });

  it("rejects with the error when an async main-thread callback rejects (never an unhandled rejection)", async () => {
    let losses = 0;
    const err = await runInWorker("searchHyperparameters", [
      demandSeries(1500),
      {
        ...SEARCH,
        onLoss: async () => {
          if (++losses === 2) throw new Error("progress row not written");
        },
      },
    ]).catch((e: unknown) => e);
    expect((err as Error).message).toBe("progress row not written");
  });

  it("names the missing entry file instead of starting a broken worker", () => {
    expect(() => trainingWorkerEntry("/nonexistent")).toThrow("training worker entry not found at /nonexistent/ml/threads/tsx-worker-boot.mjs");
  });
});

describe("worker error transfer", () => {
  it("revives typed server errors: class, message, field, HTTP status, permanence", () => {
    const original = new TrainingDataError("series has 10 points; horizon 48 needs at least 200", "seasonLengths");
    const revived = reviveWorkerError(structuredClone(serializeWorkerError(original)));
    expect(revived).toBeInstanceOf(TrainingDataError);
    expect(revived.message).toBe(original.message);
    expect(revived).toMatchObject({ name: "TrainingDataError", field: "seasonLengths", status: 422, code: "validation" });
    expect(isPermanentError(revived)).toBe(true);
  });

  it("does not rewrite messages whose constructors decorate them, and keeps unknown errors as Error", () => {
    const withRow = new InvalidInputError("bad value", { field: "values", row: 7 });
    expect(reviveWorkerError(serializeWorkerError(withRow)).message).toBe("bad value (row 7)");
    const custom = Object.assign(new Error("boom"), { name: "SomethingElse" });
    const revived = reviveWorkerError(serializeWorkerError(custom));
    expect(revived).toBeInstanceOf(Error);
    expect(revived).toMatchObject({ name: "SomethingElse", message: "boom" });
  });
});
