"use client";
import Link from "next/link";
import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/components/providers/trpc";
import { Card } from "@/components/ui/card";
import { formatRelative } from "@/components/ui/format";
import { ErrorState, LoadingState } from "@/components/ui/states";
import { PromoteButton, RollbackButton } from "./champion-actions";
import { fmtMetric, VersionState } from "./version-state";

export function ModelDetail({ modelId, canEdit }: { modelId: string; canEdit: boolean }) {
  const trpc = useTRPC();
  const q = useQuery(trpc.models.get.queryOptions({ modelId }));
  if (q.isPending) return <LoadingState />;
  if (q.error) return <ErrorState error={q.error} onRetry={() => q.refetch()} />;
  const { model, versions } = q.data;
  return (
    <div className="space-y-4">
      <Card className="flex flex-wrap items-center justify-between gap-3 p-5 text-sm">
        <div>
          <Link href={`/assets/${model.assetSlug}`} className="font-medium text-brand-700 hover:underline dark:text-brand-300">
            {model.assetName}
          </Link>{" "}
          · <span className="font-mono text-xs">{model.metric}</span> · {model.horizon} steps of {model.frequency} · seasons {model.seasonLengths.join("/")}
        </div>
        {canEdit && model.champion && <RollbackButton modelId={model.id} />}
      </Card>
      <Card className="overflow-x-auto">
        <table className="w-full text-sm" data-testid="versions-table">
          <thead className="text-left text-xs text-zinc-500">
            <tr>
              <th className="px-4 py-2">Version</th>
              <th className="px-4 py-2">State</th>
              <th className="px-4 py-2">Algorithm</th>
              <th className="px-4 py-2">Backtest MASE</th>
              <th className="px-4 py-2">vs seasonal naive</th>
              <th className="px-4 py-2">Trained</th>
              <th className="px-4 py-2" />
            </tr>
          </thead>
          <tbody>
            {versions.map((v) => (
              <tr key={v.id} className="border-t border-zinc-100 dark:border-zinc-800" data-testid="version-row" data-version={v.version} data-state={v.state}>
                <td className="px-4 py-2">
                  <Link href={`/models/versions/${v.id}`} className="font-medium text-brand-700 hover:underline dark:text-brand-300">
                    v{v.version}
                  </Link>
                </td>
                <td className="px-4 py-2">
                  <VersionState state={v.state} />
                </td>
                <td className="px-4 py-2 font-mono text-xs">{v.algorithm}</td>
                <td className="px-4 py-2 tabular-nums">{fmtMetric(v.backtestMetrics.all?.mase)}</td>
                <td className="px-4 py-2 tabular-nums">{fmtMetric(v.backtestMetrics.all?.relativeMase, 2)}×</td>
                <td className="px-4 py-2 text-zinc-500">{formatRelative(v.trainedAt ?? v.createdAt)}</td>
                <td className="px-4 py-2 text-right">{canEdit && ["candidate", "challenger", "archived"].includes(v.state) && <PromoteButton versionId={v.id} />}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </Card>
    </div>
  );
}
