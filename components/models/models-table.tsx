"use client";
import Link from "next/link";
import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/components/providers/trpc";
import { Card } from "@/components/ui/card";
import { EmptyState, ErrorState, LoadingState } from "@/components/ui/states";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";

export function ModelsTable() {
  const trpc = useTRPC();
  const models = useQuery(trpc.models.list.queryOptions({}));
  if (models.isPending) return <LoadingState />;
  if (models.error) return <ErrorState error={models.error} onRetry={() => models.refetch()} />;
  if (!models.data.length) return <EmptyState title="No models yet">Train one from the Jobs page.</EmptyState>;
  return (
    <Card className="overflow-hidden">
      <Table caption="Models" data-testid="models-table">
        <THead>
          <TR>
            <TH>Asset</TH>
            <TH>Metric</TH>
            <TH hideBelow="sm">Horizon</TH>
            <TH hideBelow="sm">Frequency</TH>
            <TH>Champion</TH>
          </TR>
        </THead>
        <TBody>
          {models.data.map((m) => (
            <TR key={m.id} data-testid="model-row">
              <TD>
                <Link href={`/models/${m.id}`} className="font-medium text-brand-700 hover:underline dark:text-brand-300">
                  {m.assetName}
                </Link>
              </TD>
              <TD className="font-mono text-xs">{m.metric}</TD>
              <TD hideBelow="sm">{m.horizon} steps</TD>
              <TD hideBelow="sm">{m.frequency}</TD>
              <TD>{m.champion ? `v${m.champion.version}` : "—"}</TD>
            </TR>
          ))}
        </TBody>
      </Table>
    </Card>
  );
}
