"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useTRPC } from "@/components/providers/trpc";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { formatDateTime, formatNumber } from "@/components/ui/format";
import { EmptyState, ErrorState, LoadingState } from "@/components/ui/states";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { Icon } from "@/components/shell/icons";

const KIND_TONE = { city: "blue", meter: "green", ticker: "amber", other: "zinc" } as const;

export function AssetsTable() {
  const trpc = useTRPC();
  const assets = useQuery(trpc.assets.list.queryOptions());

  return (
    <Card className="overflow-hidden">
      {assets.isPending ? (
        <LoadingState label="Loading assets…" />
      ) : assets.isError ? (
        <ErrorState error={assets.error} onRetry={() => assets.refetch()} />
      ) : assets.data.length === 0 ? (
        <EmptyState title="No assets yet">Send observations through the REST API or import a CSV to create one.</EmptyState>
      ) : (
        <Table caption="Assets" data-testid="assets-table">
          <THead>
            <TR>
              <TH>Name</TH>
              <TH>Kind</TH>
              <TH numeric>Series</TH>
              <TH numeric hideBelow="sm">
                Points
              </TH>
              <TH hideBelow="md">Last observation</TH>
              <TH className="w-8">
                <span className="sr-only">Open</span>
              </TH>
            </TR>
          </THead>
          <TBody>
            {assets.data.map((a) => (
              <TR key={a.id} className="group relative hover:bg-zinc-50 dark:hover:bg-zinc-800/40" data-testid={`asset-row-${a.slug}`}>
                <TD>
                  <Link href={`/assets/${a.slug}`} className="font-medium after:absolute after:inset-0" data-testid={`asset-link-${a.slug}`}>
                    {a.name}
                  </Link>
                  <p className="font-mono text-xs text-zinc-500">{a.slug}</p>
                </TD>
                <TD>
                  <Badge tone={KIND_TONE[a.kind]}>{a.kind}</Badge>
                </TD>
                <TD numeric>{a.seriesCount}</TD>
                <TD numeric hideBelow="sm">
                  {formatNumber(a.points, 0)}
                </TD>
                <TD hideBelow="md" className="text-zinc-600 dark:text-zinc-400">
                  {formatDateTime(a.lastObservationAt, a.timezone)}
                </TD>
                <TD className="text-zinc-400 group-hover:text-zinc-600">
                  <Icon name="chevronRight" width={16} height={16} />
                </TD>
              </TR>
            ))}
          </TBody>
        </Table>
      )}
    </Card>
  );
}
