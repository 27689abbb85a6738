import { ValidationError } from "@/server/http/errors";

/** The series cannot be trained on as asked (too short for the horizon and seasons, no data). */
export class TrainingDataError extends ValidationError {
  constructor(message: string, field = "series") {
    super(message, { field });
    this.name = "TrainingDataError";
  }
}

/** The observations of a snapshot changed between steps (rows edited while the job ran). */
export class SnapshotMismatchError extends Error {
  constructor(readonly expected: string, readonly actual: string) {
    super(`training data changed while the job ran (hash ${expected.slice(0, 12)} → ${actual.slice(0, 12)})`);
    this.name = "SnapshotMismatchError";
  }
}
