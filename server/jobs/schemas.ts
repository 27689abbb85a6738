/**
 * Request and response schemas of the jobs domain (one home): the tRPC jobs procedures, the REST
 * training-jobs routes and the job page's live stream all speak the job-run view defined here.
 * No imports of the database schema: components import this module's values.
 */
import { z } from "zod";
import type { JobRunStatus, LossPoint } from "@/db/schema";
import { trainOptionsSchema } from "@/server/training/options";

export const jobRunStatusSchema = z.enum(["queued", "running", "succeeded", "failed", "cancelled"]) satisfies z.ZodType<JobRunStatus>;
export const TERMINAL_JOB_STATUSES: readonly JobRunStatus[] = ["succeeded", "failed", "cancelled"];

export const jobErrorSchema = z.object({ name: z.string(), message: z.string(), step: z.string().optional() });

export const lossPointSchema = z.object({ candidate: z.string(), iteration: z.number(), validLoss: z.number() }) satisfies z.ZodType<LossPoint>;

export const jobStepViewSchema = z.object({
  stepId: z.string(),
  status: z.enum(["running", "completed", "failed"]),
  /** Retries before this attempt (0 on the first). */
  attempt: z.number().int().nonnegative(),
  startedAt: z.date(),
  finishedAt: z.date().nullable(),
  error: z.object({ name: z.string(), message: z.string() }).nullable(),
});

export const jobLogLineSchema = z.object({ id: z.number().int(), at: z.date(), level: z.string(), message: z.string() });

/** One row of the jobs list. */
export const jobRunSummarySchema = z.object({
  id: z.uuid(),
  jobId: z.string(),
  status: jobRunStatusSchema,
  stage: z.string().nullable(),
  percent: z.number().min(0).max(100),
  trigger: z.string(),
  mode: z.string(),
  assetId: z.uuid().nullable(),
  assetSlug: z.string().nullable(),
  /** The metric a run works on, when its payload names one (training). */
  metric: z.string().nullable(),
  error: jobErrorSchema.nullable(),
  createdAt: z.date(),
  startedAt: z.date().nullable(),
  finishedAt: z.date().nullable(),
});

/**
 * The job-run view: a run with its steps, loss curve and log tail. `jobs.get` returns it, the job page's
 * event stream (/api/jobs/{id}/events) sends it, and the REST status route is derived from it.
 */
export const jobRunViewSchema = jobRunSummarySchema.extend({
  payload: z.record(z.string(), z.unknown()),
  result: z.unknown(),
  lossCurve: z.array(lossPointSchema),
  attempts: z.number().int().nonnegative(),
  steps: z.array(jobStepViewSchema),
  log: z.array(jobLogLineSchema),
});

export type JobRunSummary = z.infer<typeof jobRunSummarySchema>;
export type JobRunView = z.infer<typeof jobRunViewSchema>;

/** What train-model returns (job_runs.result of a successful training run). */
export const trainingResultSchema = z.object({ versionId: z.uuid(), modelId: z.uuid(), version: z.number().int(), state: z.string() });

// ---- tRPC jobs router ----

export const listJobRunsInputSchema = z
  .object({
    jobId: z.string().max(64).optional(),
    assetId: z.uuid().optional(),
    status: z.array(jobRunStatusSchema).optional(),
    limit: z.number().int().min(1).max(200).default(50),
  })
  .default({ limit: 50 });
export const listJobRunsOutputSchema = z.array(jobRunSummarySchema);

export const getJobRunInputSchema = z.object({ runId: z.uuid() });

// ---- starting a training job (tRPC jobs.startTraining, REST POST /api/v1/training-jobs) ----

/** jobs.startTraining input (the REST body is startTrainingRequestSchema in server/training/schemas.ts). */
export const startTrainingInputSchema = z.object({
  asset: z.string().min(1).max(200),
  metric: z.string().max(64).optional(),
  options: trainOptionsSchema.partial().optional(),
});

export const startedTrainingSchema = z.object({
  runId: z.uuid(),
  assetId: z.uuid(),
  metric: z.string(),
  imported: z.object({ rowsInserted: z.number().int().nonnegative(), rowsRead: z.number().int().nonnegative() }).optional(),
});

/** POST /api/v1/training-jobs → 202. */
export const startTrainingResponseSchema = z.object({
  id: z.uuid(),
  status: z.literal("queued"),
  asset_id: z.uuid(),
  metric: z.string(),
  status_url: z.string(),
  imported: startedTrainingSchema.shape.imported.unwrap().nullable(),
}).meta({ id: "StartTrainingResponse" });

// ---- REST GET /api/v1/training-jobs/{id} ----

const isoTime = z.iso.datetime({ offset: true });

/** A training job as the REST status route reports it: derived from the job-run view, times as ISO-8601. */
export const trainingJobResponseSchema = z.object({
  id: z.uuid(),
  status: jobRunStatusSchema,
  stage: z.string().nullable(),
  percent: z.number().min(0).max(100),
  assetId: z.uuid().nullable(),
  metric: z.string().nullable(),
  createdAt: isoTime,
  startedAt: isoTime.nullable(),
  finishedAt: isoTime.nullable(),
  error: jobErrorSchema.nullable(),
  /** The version this run registered, once it has. */
  version: z
    .object({ id: z.uuid(), modelId: z.uuid(), version: z.number().int(), state: z.string(), backtestMetrics: z.record(z.string(), z.unknown()) })
    .nullable(),
  metrics: z.record(z.string(), z.unknown()).nullable(),
  lossCurve: z.array(lossPointSchema),
  log: z.array(z.object({ at: isoTime, level: z.string(), message: z.string() })),
}).meta({ id: "TrainingJob" });

export type TrainingJobResponse = z.infer<typeof trainingJobResponseSchema>;

// ---- REST GET /api/v1/jobs ----

/** Query of GET /api/v1/jobs: filter by job name (`kind`), status and asset; newest first, cursor pages. */
export const jobRunsQuerySchema = z
  .object({
    /** The job definition's name, e.g. `train-model`. */
    kind: z.string().min(1).max(64).optional(),
    status: jobRunStatusSchema.optional(),
    /** The asset's id or slug. */
    asset: z.string().min(1).max(200).optional(),
    cursor: z.string().max(80).optional(),
    limit: z.coerce.number().int().min(1).max(500).default(100),
  })
  .meta({ id: "JobRunsQuery" });

export const jobRunItemSchema = z
  .object({
    id: z.uuid(),
    /** The job definition's name (`train-model`, `ingest-scheduled`, …). */
    name: z.string(),
    status: jobRunStatusSchema,
    progress: z.object({ stage: z.string().nullable(), percent: z.number().min(0).max(100) }),
    asset: z.object({ id: z.uuid(), slug: z.string() }).nullable(),
    trigger: z.string(),
    created_at: isoTime,
    started_at: isoTime.nullable(),
    finished_at: isoTime.nullable(),
    error: jobErrorSchema.nullable(),
  })
  .meta({ id: "JobRun" });

export const jobRunPageSchema = z.object({ items: z.array(jobRunItemSchema), next_cursor: z.string().nullable() }).meta({ id: "JobRunPage" });
export type JobRunPage = z.output<typeof jobRunPageSchema>;
