"use client";
import Link from "next/link";
import { useEffect, useState } from "react";
import type { inferRouterOutputs } from "@trpc/server";
import superjson from "superjson";
import type { AppRouter } from "@/server/trpc/root";
import { trainingResultSchema } from "@/server/jobs/schemas";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { LoadingState } from "@/components/ui/states";
import { LossChart } from "./loss-chart";
import { ProgressBar, statusTone } from "./progress-bar";

/** The job-run view `jobs.get` returns; the event stream sends the same view, superjson-encoded. */
type JobRunView = inferRouterOutputs<AppRouter>["jobs"]["get"];

const timeOfDay = (at: Date) => at.toISOString().slice(11, 19);

/** Live job view: subscribes to /api/jobs/{id}/events (server-sent events) until the run finishes. */
export function JobDetail({ runId }: { runId: string }) {
  const [job, setJob] = useState<JobRunView | null>(null);
  const [connection, setConnection] = useState<"open" | "closed" | "error">("open");
  useEffect(() => {
    const source = new EventSource(`/api/jobs/${runId}/events`);
    source.onmessage = (e: MessageEvent<string>) => setJob(superjson.parse<JobRunView>(e.data));
    source.addEventListener("end", () => {
      setConnection("closed");
      source.close();
    });
    source.onerror = () => setConnection((c) => (c === "closed" ? c : "error"));
    return () => source.close();
  }, [runId]);

  if (!job) return <LoadingState label="Connecting to the job…" />;
  const trained = job.status === "succeeded" ? trainingResultSchema.safeParse(job.result) : null;
  return (
    <div className="space-y-6">
      <Card className="p-5">
        <div className="mb-3 flex flex-wrap items-center gap-3">
          <Badge tone={statusTone(job.status)}>
            <span data-testid="job-status">{job.status}</span>
          </Badge>
          <span className="text-sm text-zinc-600 dark:text-zinc-300">
            stage: <span data-testid="job-stage">{job.stage ?? "—"}</span>
          </span>
          <span className="text-sm tabular-nums text-zinc-500" data-testid="job-percent">
            {Math.round(job.percent)}%
          </span>
          {connection === "error" && <span className="text-xs text-amber-600">reconnecting…</span>}
        </div>
        <ProgressBar percent={job.percent} status={job.status} />
        {job.error && (
          <p className="mt-3 text-sm text-red-600" data-testid="job-error">
            {job.error.step ? `Step ${job.error.step}: ` : ""}
            {job.error.message}
          </p>
        )}
        {trained?.success && (
          <p className="mt-3 text-sm">
            Registered{" "}
            <Link href={`/models/versions/${trained.data.versionId}`} className="font-medium text-brand-700 hover:underline dark:text-brand-300" data-testid="job-version-link">
              version {trained.data.version}
            </Link>{" "}
            as <strong>{trained.data.state}</strong>.
          </p>
        )}
      </Card>
      <Card className="p-5">
        <h2 className="mb-3 text-sm font-semibold">Validation loss</h2>
        <LossChart points={job.lossCurve} />
      </Card>
      <div className="grid gap-6 lg:grid-cols-3">
        <Card className="p-5">
          <h2 className="mb-3 text-sm font-semibold">Steps</h2>
          <ol className="space-y-1 text-sm" data-testid="job-steps">
            {job.steps.map((s) => (
              <li key={s.stepId} className="flex justify-between gap-2">
                <span className="font-mono text-xs">{s.stepId}</span>
                <Badge tone={s.status === "completed" ? "green" : s.status === "failed" ? "red" : "blue"}>
                  {s.status}
                  {s.attempt > 0 ? ` (retry ${s.attempt})` : ""}
                </Badge>
              </li>
            ))}
          </ol>
        </Card>
        <Card className="p-5 lg:col-span-2">
          <h2 className="mb-3 text-sm font-semibold">Log</h2>
          <pre className="max-h-80 overflow-auto whitespace-pre-wrap text-xs leading-5" data-testid="job-log">
            {job.log.map((l) => `${timeOfDay(l.at)} ${l.level === "info" ? "" : `[${l.level}] `}${l.message}`).join("\n")}
          </pre>
        </Card>
      </div>
    </div>
  );
}
