/**
 * Leases on running job_runs for the embedded runner. Every runner instance has an owner id; it claims a run
 * (queued, or running with an expired lease) in one UPDATE whose target row is picked with
 * `FOR UPDATE SKIP LOCKED`, renews the leases of the runs it executes with a heartbeat, and finishes a run only
 * while it still holds the lease. Expiry is compared with the database's clock (`now()`), so instances with
 * skewed clocks agree on when a lease has lapsed.
 */
import { and, asc, eq, inArray, isNull, lt, or, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { jobRuns } from "@/db/schema";
import type { JobRun } from "./types";

export interface LeaseParams {
  /** The runner instance's id (random per process). */
  owner: string;
  /** How long a claim or heartbeat keeps the run the owner's. */
  leaseMs: number;
}

const leaseEnd = (leaseMs: number) => sql`now() + make_interval(secs => ${leaseMs / 1000}::double precision)`;

/**
 * A running run nobody holds: its lease expired, or it has none (left by a runner from before leases). Queued
 * runs are always claimable.
 */
const claimable = or(
  eq(jobRuns.status, "queued"),
  and(eq(jobRuns.status, "running"), or(isNull(jobRuns.leaseExpiresAt), lt(jobRuns.leaseExpiresAt, sql`now()`))),
);

/** Queued and lease-expired embedded runs of these jobs, oldest first (candidates for claimLeasedRun). */
export async function listClaimableRuns(
  db: DbOrTx,
  params: { jobIds: string[]; limit?: number },
): Promise<{ id: string; jobId: string }[]> {
  if (params.jobIds.length === 0) return [];
  return db
    .select({ id: jobRuns.id, jobId: jobRuns.jobId })
    .from(jobRuns)
    .where(and(eq(jobRuns.mode, "embedded"), inArray(jobRuns.jobId, params.jobIds), claimable))
    .orderBy(asc(jobRuns.createdAt))
    .limit(params.limit ?? 50);
}

/**
 * Takes the run for `owner` if it is queued or its lease has expired: one statement, the row locked with SKIP
 * LOCKED so two instances claiming at once neither wait on nor both get it. Counts an attempt (a start);
 * `resumed` is true when the run had been started before (a dead instance's run, resumed from its steps).
 */
export async function claimLeasedRun(
  db: DbOrTx,
  params: LeaseParams & { runId: string },
): Promise<{ run: JobRun; resumed: boolean } | undefined> {
  const target = db
    .select({ id: jobRuns.id })
    .from(jobRuns)
    .where(and(eq(jobRuns.id, params.runId), eq(jobRuns.mode, "embedded"), claimable))
    .for("update", { skipLocked: true });
  const [row] = await db
    .update(jobRuns)
    .set({
      status: "running",
      attempts: sql`${jobRuns.attempts} + 1`,
      startedAt: sql`coalesce(${jobRuns.startedAt}, now())`,
      leaseOwner: params.owner,
      leaseExpiresAt: leaseEnd(params.leaseMs),
      heartbeatAt: sql`now()`,
      updatedAt: new Date(),
    })
    .where(eq(jobRuns.id, sql`(${target})`))
    .returning();
  // attempts counts starts, so a second start is a resumption.
  return row ? { run: row, resumed: row.attempts > 1 } : undefined;
}

/** Extends the owner's leases on these runs; returns the ids it still holds (a missing id was taken over). */
export async function renewLeases(db: DbOrTx, params: LeaseParams & { runIds: string[] }): Promise<string[]> {
  if (params.runIds.length === 0) return [];
  const rows = await db
    .update(jobRuns)
    .set({ leaseExpiresAt: leaseEnd(params.leaseMs), heartbeatAt: sql`now()` })
    .where(and(inArray(jobRuns.id, params.runIds), eq(jobRuns.leaseOwner, params.owner), eq(jobRuns.status, "running")))
    .returning({ id: jobRuns.id });
  return rows.map((r) => r.id);
}
