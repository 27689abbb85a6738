"use client";
import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/components/providers/trpc";
import { Card } from "@/components/ui/card";
import { formatDate, formatNumber } from "@/components/ui/format";
import { ErrorState, LoadingState } from "@/components/ui/states";

/** A few of the 158 Alpha158 factors, one or two per family, at the 20-bar window where there is one. */
const SHOWN = ["KMID", "KLEN", "VWAP0", "ROC5", "ROC20", "MA20", "STD20", "BETA20", "RSQR20", "RSV20", "CORR20", "CNTD20", "SUMD20", "VMA20", "WVMA20"];
const DAYS = 5;

/** The newest days of a selection of Qlib's Alpha158 factors (markets.factors), factors as rows. */
export function FactorsPanel({ assetId }: { assetId: string }) {
  const trpc = useTRPC();
  const q = useQuery(trpc.markets.factors.queryOptions({ assetId, limit: DAYS, names: SHOWN }));
  if (q.isPending) return <LoadingState label="Computing factors…" />;
  if (q.error) return <ErrorState error={q.error} onRetry={() => q.refetch()} />;
  const { names, rows } = q.data;
  return (
    <Card className="overflow-x-auto p-4 sm:p-5" data-testid="factors-panel">
      <h2 className="mb-3 text-sm font-semibold">Alpha158 factors</h2>
      <table className="w-full text-right text-xs tabular-nums">
        <caption className="sr-only">Alpha158 factors of the last {rows.length} bars</caption>
        <thead>
          <tr className="text-zinc-500">
            <th scope="col" className="py-1 text-left font-medium">Factor</th>
            {rows.map((r) => (
              <th key={r.ts.getTime()} scope="col" className="py-1 pl-3 font-medium">{formatDate(r.ts, "UTC")}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {names.map((n, j) => (
            <tr key={n} className="border-t border-zinc-100 dark:border-zinc-800">
              <th scope="row" className="py-1 text-left font-mono font-normal">{n}</th>
              {rows.map((r) => (
                <td key={r.ts.getTime()} className="py-1 pl-3">{r.values[j] === null ? "—" : formatNumber(r.values[j], 4)}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </Card>
  );
}
