"use client";
import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/components/providers/trpc";
import { Card } from "@/components/ui/card";
import { formatNumber } from "@/components/ui/format";
import { ErrorState, LoadingState } from "@/components/ui/states";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";

const pct = (x: number) => `${formatNumber(x * 100, 1)} %`;

/**
 * The rolling backtest behind the ticker's 5-day forecast (forecast-tickers job): every candidate against the
 * random walk — MASE ratio, direction accuracy, coverage, trend-call hit rate. Nothing when the job has not run.
 */
export function ForecastBacktestPanel({ assetId }: { assetId: string }) {
  const trpc = useTRPC();
  const q = useQuery(trpc.markets.forecastBacktest.queryOptions({ assetId }));
  if (q.isPending) return <LoadingState label="Loading the forecast backtest…" />;
  if (q.error) return <ErrorState error={q.error} onRetry={() => q.refetch()} />;
  if (!q.data) return null;
  const b = q.data;
  return (
    <Card className="overflow-hidden" data-testid="forecast-backtest" data-model={b.model}>
      <div className="p-4 pb-2 sm:px-5">
        <h2 className="text-sm font-semibold">5-day forecast backtest</h2>
        <p className="mt-1 text-xs text-zinc-500">
          Serving <strong>{b.model}</strong> (version {b.versionNumber}); {b.candidates[0]?.origins ?? 0} origins {b.fromDate} – {b.toDate}, every 5 trading days. Direction of the
          random walk is the share of up moves; trend calls at step {b.horizonSteps} with θ ±{formatNumber(b.thresholdPct, 2)} %.
        </p>
      </div>
      <Table caption="Backtest of the 5-day forecast candidates against the random walk">
        <THead>
          <TR>
            <TH>Model</TH>
            <TH numeric>MASE</TH>
            <TH numeric>vs random walk</TH>
            <TH numeric>Direction</TH>
            <TH numeric>Coverage 80 %</TH>
            <TH numeric>Coverage 95 %</TH>
            <TH numeric>Trend hit rate</TH>
          </TR>
        </THead>
        <TBody>
          {b.candidates.map((c) => (
            <TR key={c.name} data-testid={`backtest-row-${c.name}`}>
              <TD>{c.name === b.model ? <strong>{c.name}</strong> : c.name}</TD>
              <TD numeric>{formatNumber(c.mase, 3)}</TD>
              <TD numeric>{formatNumber(c.maseVsRandomWalk, 3)}</TD>
              <TD numeric>{pct(c.directionAccuracy)}</TD>
              <TD numeric>{pct(c.coverage80)}</TD>
              <TD numeric>{pct(c.coverage95)}</TD>
              <TD numeric>{pct(c.trendHitRate)}</TD>
            </TR>
          ))}
        </TBody>
      </Table>
    </Card>
  );
}
