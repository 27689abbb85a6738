/**
 * What a training worker runs: the pure, CPU-bound halves of the pipeline's stages (typed arrays and plain
 * objects in, plain objects out; no database, no store). pipeline.ts loads the data and writes progress on
 * the main thread and calls these through run-in-worker.ts.
 */
import { selectLocalModel } from "@/ml/models/local-state";
import { artifactParity } from "../artifact-parity";
import { backtestModel } from "../backtest";
import { fitForExport } from "../fit-for-export";
import { searchHyperparameters } from "../search";

export const trainingTasks = { searchHyperparameters, backtestModel, fitForExport, artifactParity, selectLocalModel };

export type TrainingTasks = typeof trainingTasks;
export type TrainingTaskName = keyof TrainingTasks;
