import { loadGlobalModels } from "../models/global-models";
import { getFactory, registerModel } from "../models/registry";
import type { CandidateJob, CandidateJobResult } from "./candidate-job-types";
import { runCandidate } from "./run-candidate";

/** Runs a job in the current thread, looking its model up by registry name (the worker calls this). */
export async function runCandidateJob(job: CandidateJob): Promise<CandidateJobResult> {
  for (const [name, f] of await loadGlobalModels()) registerModel(name, f);
  return { model: job.model, ...(await runCandidate(getFactory(job.model), job)) };
}
