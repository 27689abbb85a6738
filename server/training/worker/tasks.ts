/**
 * What a training worker runs: the pure, CPU-bound halves of the pipeline's stages (typed arrays and plain
 * objects in, plain objects out; no database, no store). pipeline.ts loads the data and writes progress on
 * the main thread and calls these through run-in-worker.ts.
 *
 * The parity check (onnxruntime-node's native addon) and auto's selection (the whole classical model family)
 * are imported when their task runs, so a worker that fits a GBDT does not load them.
 */
import type { ArtifactParityParams } from "../artifact-parity";
import type { Series } from "@/ml/types";
import type { LocalSelection, SelectLocalModelOptions } from "@/ml/models/local-state/select-local-model";
import { backtestModel } from "../backtest";
import { fitForExport } from "../fit-for-export";
import { searchHyperparameters } from "../search";

async function artifactParity(p: ArtifactParityParams): Promise<number> {
  return (await import("../artifact-parity")).artifactParity(p);
}

async function selectLocalModel(series: Series, opts: SelectLocalModelOptions): Promise<LocalSelection> {
  return (await import("@/ml/models/local-state/select-local-model")).selectLocalModel(series, opts);
}

export const trainingTasks = { searchHyperparameters, backtestModel, fitForExport, artifactParity, selectLocalModel };

export type TrainingTasks = typeof trainingTasks;
export type TrainingTaskName = keyof TrainingTasks;
