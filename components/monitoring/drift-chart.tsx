"use client";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { CartesianGrid, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { useTRPC } from "@/components/providers/trpc";
import { Badge } from "@/components/ui/badge";
import { Select } from "@/components/ui/field";
import { formatDateTime, formatNumber } from "@/components/ui/format";
import { EmptyState, ErrorState, LoadingState } from "@/components/ui/states";
import type { DriftScoreView } from "@/server/monitoring/schemas";

const P_VALUE_TESTS = new Set(["ks", "chi_squared", "z"]);
const LABELS: Record<string, string> = {
  ks: "KS p-value (drift below 0.05)",
  chi_squared: "χ² p-value (drift below 0.05)",
  z: "Z-test p-value (drift below 0.05)",
  wasserstein: "normed Wasserstein (drift ≥ 0.1)",
  jensen_shannon: "Jensen–Shannon distance (drift ≥ 0.1)",
  psi: "PSI (moderate ≥ 0.1, significant ≥ 0.25)",
  mae_ratio: "realised ÷ backtest step-1 MAE",
  missed_intervals: "expected readings missed",
};
const TONE = { ok: "green", warning: "amber", drift: "red" } as const;

/** What a score is plotted as: the p-value for the p-value tests, the statistic otherwise. */
const plotted = (s: DriftScoreView) => (P_VALUE_TESTS.has(s.statistic) ? (s.pValue ?? s.value) : s.value);

/** One series of scores (a subject and statistic) over time against its threshold(s). */
function DriftSeries({ scores }: { scores: DriftScoreView[] }) {
  const last = scores[scores.length - 1];
  const data = scores.map((s) => ({ t: s.computedAt.getTime(), v: plotted(s) }));
  const pTest = P_VALUE_TESTS.has(last.statistic);
  return (
    <div className="rounded-md border border-zinc-200 p-3 dark:border-zinc-800" data-testid={`drift-series-${last.subject}-${last.statistic}`} data-points={scores.length}>
      <div className="mb-2 flex flex-wrap items-center justify-between gap-2 text-xs">
        <span>
          <span className="font-mono">{last.subject}</span> · {LABELS[last.statistic] ?? last.statistic}
        </span>
        <span className="inline-flex items-center gap-1">
          <Badge tone={TONE[last.band]}>{last.band}</Badge>
          <span className="text-zinc-500" title={`computed ${formatDateTime(last.computedAt)}${last.currentSize ? `; ${last.currentSize} current vs ${last.referenceSize ?? "–"} reference readings` : ""}`}>
            {formatNumber(plotted(last), 3)}
          </span>
        </span>
      </div>
      <div className="h-36 w-full">
        <ResponsiveContainer width="100%" height="100%">
          <LineChart data={data} margin={{ top: 4, right: 8, bottom: 0, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="t" type="number" scale="time" domain={["dataMin", "dataMax"]} tickFormatter={(t: number) => new Date(t).toISOString().slice(5, 10)} tickLine={false} axisLine={false} fontSize={11} />
            <YAxis width={48} tickFormatter={(v: number) => formatNumber(v, 2)} tickLine={false} axisLine={false} fontSize={11} domain={pTest ? [0, 1] : [0, "auto"]} />
            <Tooltip labelFormatter={(t) => formatDateTime(new Date(Number(t)))} formatter={(v) => formatNumber(Number(v), 4)} contentStyle={{ borderRadius: 8, fontSize: 12 }} />
            <ReferenceLine y={last.threshold} stroke="#dc2626" strokeDasharray="4 4" ifOverflow="extendDomain" />
            {last.thresholdHigh !== null && <ReferenceLine y={last.thresholdHigh} stroke="#dc2626" ifOverflow="extendDomain" />}
            <Line type="monotone" dataKey="v" stroke="#2563eb" strokeWidth={1.5} dot={scores.length < 40} isAnimationActive={false} />
          </LineChart>
        </ResponsiveContainer>
      </div>
    </div>
  );
}

/** The stored drift scores of a model or a version over time (server/monitoring/compute-drift.ts), one small chart per subject and statistic. */
export function DriftHistory({ modelId, versionId }: { modelId?: string; versionId?: string }) {
  const trpc = useTRPC();
  const [days, setDays] = useState(30);
  const q = useQuery(trpc.monitoring.driftScores.queryOptions({ modelId, versionId, days }));
  let body;
  if (q.isPending) body = <LoadingState />;
  else if (q.error) body = <ErrorState error={q.error} onRetry={() => q.refetch()} />;
  else if (q.data.length === 0) body = <EmptyState title="No drift scores yet">The drift job scores every champion hourly and after new data arrives.</EmptyState>;
  else {
    const groups = new Map<string, DriftScoreView[]>();
    for (const s of q.data) {
      const key = `${s.kind}:${s.subject}:${s.statistic}`;
      groups.set(key, [...(groups.get(key) ?? []), s]);
    }
    const order = { input: 0, residual: 1, staleness: 2 } as const;
    const list = [...groups.values()].sort((a, b) => order[a[0].kind] - order[b[0].kind] || Number(b[0].isTarget) - Number(a[0].isTarget) || a[0].subject.localeCompare(b[0].subject));
    body = (
      <div className="grid gap-3 md:grid-cols-2 xl:grid-cols-3">
        {list.map((scores) => (
          <DriftSeries key={`${scores[0].subject}:${scores[0].statistic}`} scores={scores} />
        ))}
      </div>
    );
  }
  return (
    <div className="space-y-3" data-testid="drift-history">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 className="text-sm font-semibold">Drift over time</h2>
        <Select value={String(days)} onChange={(e) => setDays(Number(e.target.value))} className="w-28" aria-label="Drift window" data-testid="drift-window">
          {[7, 30, 90].map((d) => (
            <option key={d} value={d}>
              {d} days
            </option>
          ))}
        </Select>
      </div>
      {body}
    </div>
  );
}
