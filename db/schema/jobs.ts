/**
 * Background job state. Every run of a job definition (inngest/) is a `job_runs` row whatever executes it
 * (the embedded runner or Inngest); `job_steps` memoises completed steps so a restarted process resumes a
 * run instead of repeating work; `job_logs` is the log tail the job page shows.
 */
import {
  bigserial,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
  boolean,
} from "drizzle-orm/pg-core";
import { assets } from "./assets";
import { users } from "./auth";

export const jobRunStatus = pgEnum("job_run_status", ["queued", "running", "succeeded", "failed", "cancelled"]);
export const JOB_RUN_STATUSES = jobRunStatus.enumValues;
export type JobRunStatus = (typeof JOB_RUN_STATUSES)[number];

export const jobStepStatus = pgEnum("job_step_status", ["running", "completed", "failed"]);

/** One point of a training curve: validation loss of a candidate at a boosting/search iteration. */
export interface LossPoint {
  candidate: string;
  iteration: number;
  validLoss: number;
}

export const jobRuns = pgTable(
  "job_runs",
  {
    id: uuid().primaryKey().defaultRandom(),
    /** Stable job definition id, e.g. `train-model`. */
    jobId: text().notNull(),
    payload: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    status: jobRunStatus().notNull().default("queued"),
    /** `embedded` or `inngest`: who executes the steps. */
    mode: text().notNull().default("embedded"),
    /** `api`, `ui`, `cron`, `event`. */
    trigger: text().notNull().default("event"),
    /** Deduplicates cron firings and triggers: one run per (job, key). */
    dedupeKey: text(),
    /** Inngest's run id when Inngest executes the run. */
    externalRunId: text(),
    /** The X-Request-Id of the request that started the run; the run's logs and sidecar calls carry it. */
    requestId: text(),
    stage: text(),
    /** 0–100. */
    percent: doublePrecision().notNull().default(0),
    lossCurve: jsonb().$type<LossPoint[]>().notNull().default([]),
    result: jsonb().$type<unknown>(),
    error: jsonb().$type<{ name: string; message: string; step?: string } | null>(),
    /** How many times the runner has started executing this run (a restart adds one). */
    attempts: integer().notNull().default(0),
    /**
     * Embedded runner lease: the instance executing a running run (a random id per runner), renewed by its
     * heartbeat. Another instance resumes a running run only once lease_expires_at has passed (database time),
     * so a live instance's runs are never taken over; null on runs no embedded runner holds.
     */
    leaseOwner: text(),
    leaseExpiresAt: timestamp({ withTimezone: true }),
    heartbeatAt: timestamp({ withTimezone: true }),
    createdBy: uuid().references(() => users.id, { onDelete: "set null" }),
    assetId: uuid().references(() => assets.id, { onDelete: "set null" }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    startedAt: timestamp({ withTimezone: true }),
    finishedAt: timestamp({ withTimezone: true }),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("job_runs_job_dedupe_unique").on(t.jobId, t.dedupeKey),
    uniqueIndex("job_runs_external_unique").on(t.externalRunId),
    index("job_runs_status_idx").on(t.status, t.createdAt),
    index("job_runs_lease_idx").on(t.status, t.leaseExpiresAt),
    index("job_runs_job_created_idx").on(t.jobId, t.createdAt),
  ],
);

export const jobSteps = pgTable(
  "job_steps",
  {
    runId: uuid()
      .notNull()
      .references(() => jobRuns.id, { onDelete: "cascade" }),
    /** Step id as the handler names it; repeated ids get `:1`, `:2` suffixes like Inngest does. */
    stepId: text().notNull(),
    status: jobStepStatus().notNull().default("running"),
    attempt: integer().notNull().default(0),
    output: jsonb().$type<unknown>(),
    error: jsonb().$type<{ name: string; message: string } | null>(),
    startedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp({ withTimezone: true }),
  },
  (t) => [primaryKey({ name: "job_steps_pk", columns: [t.runId, t.stepId] })],
);

export const jobLogs = pgTable(
  "job_logs",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    runId: uuid()
      .notNull()
      .references(() => jobRuns.id, { onDelete: "cascade" }),
    level: text().notNull().default("info"),
    message: text().notNull(),
    stepId: text(),
    at: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("job_logs_run_idx").on(t.runId, t.id)],
);

/**
 * Configured pull sources for ingest-scheduled: an HTTP CSV/JSON feed for one series, polled on a cron and
 * read incrementally from `cursor` (the last ingested timestamp, ISO-8601).
 */
export const ingestSources = pgTable(
  "ingest_sources",
  {
    id: uuid().primaryKey().defaultRandom(),
    name: text().notNull(),
    assetId: uuid()
      .notNull()
      .references(() => assets.id, { onDelete: "cascade" }),
    /** The generic feed's one metric; provider connectors name their metrics from the response. */
    metric: text().notNull().default(""),
    /** The generic feed's URL ("" for provider connectors, whose endpoints are fixed). */
    url: text().notNull().default(""),
    /** `http` (the generic CSV/JSON feed), `openaq`, `open-meteo`, `qweather`, `noaa-gsod`. */
    provider: text().notNull().default("http"),
    /** The provider's settings, validated by its zod schema (server/ingest/feeds/provider-config.ts). */
    config: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    /** API key / signing key; never returned by an API or logged (masked in the UI). */
    credentials: jsonb().$type<Record<string, string>>(),
    format: text().$type<"csv" | "json">().notNull().default("csv"),
    /** Column (CSV) or property (JSON) names holding the timestamp and the value. */
    timestampField: text().notNull().default("ts"),
    valueField: text().notNull().default("value"),
    /** Optional query parameter the feed accepts as "since" for incremental pulls. */
    sinceParam: text(),
    cron: text().notNull().default("*/30 * * * *"),
    enabled: boolean().notNull().default(true),
    cursor: text(),
    lastRunAt: timestamp({ withTimezone: true }),
    lastError: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("ingest_sources_name_unique").on(t.name)],
);
