"use client";
import Link from "next/link";
import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/components/providers/trpc";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { formatRelative } from "@/components/ui/format";
import { EmptyState, ErrorState, LoadingState } from "@/components/ui/states";
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
    <Card className="overflow-x-auto">
      <table className="w-full text-sm" data-testid="jobs-table">
        <thead className="text-left text-xs text-zinc-500">
          <tr>
            <th className="px-4 py-2">Job</th>
            <th className="px-4 py-2">Target</th>
            <th className="px-4 py-2">Status</th>
            <th className="px-4 py-2 w-48">Progress</th>
            <th className="px-4 py-2">Started</th>
          </tr>
        </thead>
        <tbody>
          {runs.data.map((r) => (
            <tr key={r.id} className="border-t border-zinc-100 dark:border-zinc-800" data-testid="job-row" data-job-id={r.id}>
              <td className="px-4 py-2">
                <Link href={`/jobs/${r.id}`} className="font-medium text-brand-700 hover:underline dark:text-brand-300">
                  {r.jobId}
                </Link>
                <span className="ml-2 text-xs text-zinc-500">{r.trigger}</span>
              </td>
              <td className="px-4 py-2">{r.assetSlug ? `${r.assetSlug}${r.metric ? ` / ${r.metric}` : ""}` : "—"}</td>
              <td className="px-4 py-2">
                <Badge tone={statusTone(r.status)}>{r.status}</Badge>
                {r.stage && r.status === "running" && <span className="ml-2 text-xs text-zinc-500">{r.stage}</span>}
              </td>
              <td className="px-4 py-2">
                <ProgressBar percent={r.percent} status={r.status} />
              </td>
              <td className="px-4 py-2 text-zinc-500">{formatRelative(r.createdAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Card>
  );
}
