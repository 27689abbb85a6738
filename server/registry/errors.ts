import { ConflictError } from "@/server/http/errors";

/** A lifecycle transition that the version's current state does not allow (e.g. promoting a failed version). */
export class InvalidTransitionError extends ConflictError {
  constructor(
    readonly versionId: string,
    readonly from: string,
    readonly to: string,
  ) {
    super(`model version ${versionId} cannot go from ${from} to ${to}`);
    this.name = "InvalidTransitionError";
  }
}

/** Rollback asked for a model that has no earlier champion to return to. */
export class NoPreviousChampionError extends ConflictError {
  constructor(readonly modelId: string) {
    super(`model ${modelId} has no previous champion to roll back to`);
    this.name = "NoPreviousChampionError";
  }
}
