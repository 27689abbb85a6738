"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useTRPC } from "@/components/providers/trpc";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { formatDateTime, formatNumber } from "@/components/ui/format";
import { EmptyState, ErrorState, LoadingState } from "@/components/ui/states";
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
        <div className="overflow-x-auto">
          <table className="min-w-full divide-y divide-zinc-200 text-sm dark:divide-zinc-800" data-testid="assets-table">
            <thead className="bg-zinc-50 text-left text-xs font-medium uppercase tracking-wide text-zinc-500 dark:bg-zinc-900/60">
              <tr>
                <th className="px-4 py-3">Name</th>
                <th className="px-4 py-3">Kind</th>
                <th className="px-4 py-3 text-right">Series</th>
                <th className="hidden px-4 py-3 text-right sm:table-cell">Points</th>
                <th className="hidden px-4 py-3 md:table-cell">Last observation</th>
                <th className="w-8" />
              </tr>
            </thead>
            <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800/70">
              {assets.data.map((a) => (
                <tr key={a.id} className="group relative hover:bg-zinc-50 dark:hover:bg-zinc-800/40" data-testid={`asset-row-${a.slug}`}>
                  <td className="px-4 py-3">
                    <Link href={`/assets/${a.slug}`} className="font-medium after:absolute after:inset-0" data-testid={`asset-link-${a.slug}`}>
                      {a.name}
                    </Link>
                    <p className="font-mono text-xs text-zinc-500">{a.slug}</p>
                  </td>
                  <td className="px-4 py-3">
                    <Badge tone={KIND_TONE[a.kind]}>{a.kind}</Badge>
                  </td>
                  <td className="px-4 py-3 text-right tabular-nums">{a.seriesCount}</td>
                  <td className="hidden px-4 py-3 text-right tabular-nums sm:table-cell">{formatNumber(a.points, 0)}</td>
                  <td className="hidden px-4 py-3 text-zinc-600 md:table-cell dark:text-zinc-400">
                    {formatDateTime(a.lastObservationAt, a.timezone)}
                  </td>
                  <td className="pr-4 text-zinc-400 group-hover:text-zinc-600">
                    <Icon name="chevronRight" width={16} height={16} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Card>
  );
}
