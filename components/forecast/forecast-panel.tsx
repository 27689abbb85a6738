"use client";
import Link from "next/link";
import { useQuery } from "@tanstack/react-query";
import { Area, CartesianGrid, ComposedChart, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { useTRPC } from "@/components/providers/trpc";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { formatDateTime, formatNumber } from "@/components/ui/format";
import { ErrorState, LoadingState } from "@/components/ui/states";

/**
 * The asset's latest champion forecast (precomputed; see server/forecasts) with its calibrated 80 % and 95 %
 * intervals. Polls so a promotion or refresh shows up without a reload.
 */
export function ForecastPanel({ assetId, metric, timeZone = "UTC" }: { assetId: string; metric?: string; timeZone?: string }) {
  const trpc = useTRPC();
  const q = useQuery({ ...trpc.models.assetForecast.queryOptions({ assetId, metric }), refetchInterval: 5000 });
  if (q.isPending) return <LoadingState label="Loading forecast…" />;
  if (q.error) return <ErrorState error={q.error} onRetry={() => q.refetch()} />;
  const f = q.data;
  if (!f) {
    return (
      <Card className="p-5 text-sm text-zinc-500" data-testid="forecast-panel" data-state="none">
        No forecast yet for {metric ?? "this asset"}.{" "}
        <Link href="/jobs" className="text-brand-700 hover:underline dark:text-brand-300">
          Train a model
        </Link>
        .
      </Card>
    );
  }
  const data = f.points.map((p) => ({
    t: new Date(p.ts).getTime(),
    mean: p.mean,
    band95: p.lower["95"] !== undefined ? [p.lower["95"], p.upper["95"]] : undefined,
    band80: p.lower["80"] !== undefined ? [p.lower["80"], p.upper["80"]] : undefined,
  }));
  return (
    <Card className="p-4 sm:p-5" data-testid="forecast-panel" data-state="ready" data-stale={f.stale} data-version={f.version.number} data-version-id={f.version.id}>
      <div className="mb-3 flex flex-wrap items-baseline justify-between gap-2 text-sm">
        <h2 className="font-semibold">
          Forecast · <span className="font-mono text-xs">{f.metric}</span>
        </h2>
        <span className="text-xs text-zinc-500">
          <span data-testid="forecast-version">v{f.version.number}</span> ({f.version.algorithm}) · from {formatDateTime(new Date(f.originTs), timeZone)} · {f.points.length} steps
          {f.stale && f.latestObservationTs && (
            <span className="ml-2" data-testid="forecast-stale" title={`Newer readings up to ${formatDateTime(new Date(f.latestObservationTs), timeZone)} are not in this forecast yet; a refresh is queued.`}>
              <Badge tone="amber">stale</Badge>
            </span>
          )}
        </span>
      </div>
      <div className="h-64 w-full" data-testid="forecast-chart" data-points={data.length}>
        <ResponsiveContainer width="100%" height="100%">
          <ComposedChart data={data} margin={{ top: 8, right: 16, bottom: 4, left: 4 }}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="t" type="number" scale="time" domain={["dataMin", "dataMax"]} tickFormatter={(t: number) => formatDateTime(new Date(t), timeZone).split(",").pop()!.trim()} minTickGap={48} tickLine={false} axisLine={false} />
            <YAxis width={64} tickFormatter={(v: number) => formatNumber(v, 0)} tickLine={false} axisLine={false} domain={["auto", "auto"]} />
            <Tooltip
              labelFormatter={(t) => formatDateTime(new Date(Number(t)), timeZone)}
              formatter={(v) => (Array.isArray(v) ? v.map((x) => formatNumber(Number(x), 1)).join(" – ") : formatNumber(Number(v), 1))}
              contentStyle={{ borderRadius: 8, fontSize: 12 }}
            />
            <Area dataKey="band95" stroke="none" fill="var(--color-brand-500)" fillOpacity={0.12} isAnimationActive={false} name="95 %" />
            <Area dataKey="band80" stroke="none" fill="var(--color-brand-500)" fillOpacity={0.22} isAnimationActive={false} name="80 %" />
            <Line dataKey="mean" stroke="var(--color-brand-600)" strokeWidth={1.75} dot={false} isAnimationActive={false} name="forecast" />
          </ComposedChart>
        </ResponsiveContainer>
      </div>
    </Card>
  );
}
