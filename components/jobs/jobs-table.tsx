"use client";
import Link from "next/link";
import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/components/providers/trpc";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { formatRelative } from "@/components/ui/format";
import { EmptyState, ErrorState, LoadingState } from "@/components/ui/states";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { ProgressBar, statusTone } from "./progress-bar";

/** Recent job runs; refreshes every 2 s while any run is active. */
export function JobsTable() {
  const trpc = useTRPC();
  const runs = useQuery({
    ...trpc.jobs.list.queryOptions({ limit: 50 }),
    refetchInterval: (q) => (q.state.data?.some((r) => r.status === "queued" || r.status === "running") ? 2000 : 10_000),
  });
  if (runs.isPending) return <LoadingState />;
  if (runs.error) return <ErrorState error={runs.error} onRetry={() => runs.refetch()} />;
  if (!runs.data.length) return <EmptyState title="No jobs yet">Start a training job above, or wait for the scheduled jobs.</EmptyState>;
  return (
    <Card className="overflow-hidden">
      <Table caption="Recent job runs" data-testid="jobs-table">
        <THead>
          <TR>
            <TH>Job</TH>
            <TH hideBelow="sm">Target</TH>
            <TH>Status</TH>
            <TH className="w-48">Progress</TH>
            <TH hideBelow="md">Started</TH>
          </TR>
        </THead>
        <TBody>
          {runs.data.map((r) => (
            <TR key={r.id} data-testid="job-row" data-job-id={r.id}>
              <TD>
                <Link href={`/jobs/${r.id}`} className="font-medium text-brand-700 hover:underline dark:text-brand-300">
                  {r.jobId}
                </Link>
                <span className="ml-2 text-xs text-zinc-500">{r.trigger}</span>
              </TD>
              <TD hideBelow="sm">{r.assetSlug ? `${r.assetSlug}${r.metric ? ` / ${r.metric}` : ""}` : "—"}</TD>
              <TD>
                <Badge tone={statusTone(r.status)}>{r.status}</Badge>
                {r.stage && r.status === "running" && <span className="ml-2 text-xs text-zinc-500">{r.stage}</span>}
              </TD>
              <TD>
                <ProgressBar percent={r.percent} status={r.status} />
              </TD>
              <TD hideBelow="md" className="text-zinc-500">
                {formatRelative(r.createdAt)}
              </TD>
            </TR>
          ))}
        </TBody>
      </Table>
    </Card>
  );
}
