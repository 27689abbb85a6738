"use client";
import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/components/providers/trpc";
import { Card } from "@/components/ui/card";
import { formatDate, formatNumber } from "@/components/ui/format";
import { ErrorState, LoadingState } from "@/components/ui/states";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";

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
      <Table caption={`Alpha158 factors of the last ${rows.length} bars`}>
        <THead>
          <TR>
            <TH>Factor</TH>
            {rows.map((r) => (
              <TH key={r.ts.getTime()} numeric>
                {formatDate(r.ts, "UTC")}
              </TH>
            ))}
          </TR>
        </THead>
        <TBody>
          {names.map((n, j) => (
            <TR key={n}>
              <TH scope="row" className="font-mono font-normal">
                {n}
              </TH>
              {rows.map((r) => (
                <TD key={r.ts.getTime()} numeric>
                  {r.values[j] === null ? "—" : formatNumber(r.values[j], 4)}
                </TD>
              ))}
            </TR>
          ))}
        </TBody>
      </Table>
    </Card>
  );
}
