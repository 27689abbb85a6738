"use client";
import Link from "next/link";
import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/components/providers/trpc";
import { Card } from "@/components/ui/card";
import { formatRelative } from "@/components/ui/format";
import { ErrorState, LoadingState } from "@/components/ui/states";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
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
        <div className="flex items-center gap-3">
          {versions.length >= 2 && (
            <Link href={`/models/${model.id}/compare`} className="text-brand-700 hover:underline dark:text-brand-300" data-testid="compare-versions-link">
              Compare versions
            </Link>
          )}
          {canEdit && model.champion && <RollbackButton modelId={model.id} />}
        </div>
      </Card>
      <Card className="overflow-hidden">
        <Table caption={`Versions of the ${model.metric} model for ${model.assetName}`} data-testid="versions-table">
          <THead>
            <TR>
              <TH>Version</TH>
              <TH>State</TH>
              <TH hideBelow="md">Algorithm</TH>
              <TH numeric>Backtest MASE</TH>
              <TH numeric hideBelow="sm">
                vs seasonal naive
              </TH>
              <TH hideBelow="sm">Trained</TH>
              <TH>
                <span className="sr-only">Actions</span>
              </TH>
            </TR>
          </THead>
          <TBody>
            {versions.map((v) => (
              <TR key={v.id} data-testid="version-row" data-version={v.version} data-state={v.state}>
                <TD>
                  <Link href={`/models/versions/${v.id}`} className="font-medium text-brand-700 hover:underline dark:text-brand-300">
                    v{v.version}
                  </Link>
                </TD>
                <TD>
                  <VersionState state={v.state} />
                </TD>
                <TD hideBelow="md" className="font-mono text-xs">
                  {v.algorithm}
                </TD>
                <TD numeric>{fmtMetric(v.backtestMetrics.all?.mase)}</TD>
                <TD numeric hideBelow="sm">
                  {fmtMetric(v.backtestMetrics.all?.relativeMase, 2)}×
                </TD>
                <TD hideBelow="sm" className="text-zinc-500">
                  {formatRelative(v.trainedAt ?? v.createdAt)}
                </TD>
                <TD align="right">{canEdit && ["candidate", "challenger", "archived"].includes(v.state) && <PromoteButton versionId={v.id} />}</TD>
              </TR>
            ))}
          </TBody>
        </Table>
      </Card>
    </div>
  );
}
