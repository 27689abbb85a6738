"use client";
import Link from "next/link";
import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/components/providers/trpc";
import { Card } from "@/components/ui/card";
import { EmptyState, ErrorState, LoadingState } from "@/components/ui/states";

export function ModelsTable() {
  const trpc = useTRPC();
  const models = useQuery(trpc.models.list.queryOptions({}));
  if (models.isPending) return <LoadingState />;
  if (models.error) return <ErrorState error={models.error} onRetry={() => models.refetch()} />;
  if (!models.data.length) return <EmptyState title="No models yet">Train one from the Jobs page.</EmptyState>;
  return (
    <Card className="overflow-x-auto">
      <table className="w-full text-sm" data-testid="models-table">
        <thead className="text-left text-xs text-zinc-500">
          <tr>
            <th className="px-4 py-2">Asset</th>
            <th className="px-4 py-2">Metric</th>
            <th className="px-4 py-2">Horizon</th>
            <th className="px-4 py-2">Frequency</th>
            <th className="px-4 py-2">Champion</th>
          </tr>
        </thead>
        <tbody>
          {models.data.map((m) => (
            <tr key={m.id} className="border-t border-zinc-100 dark:border-zinc-800" data-testid="model-row">
              <td className="px-4 py-2">
                <Link href={`/models/${m.id}`} className="font-medium text-brand-700 hover:underline dark:text-brand-300">
                  {m.assetName}
                </Link>
              </td>
              <td className="px-4 py-2 font-mono text-xs">{m.metric}</td>
              <td className="px-4 py-2">{m.horizon} steps</td>
              <td className="px-4 py-2">{m.frequency}</td>
              <td className="px-4 py-2">{m.champion ? `v${m.champion.version}` : "—"}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Card>
  );
}
