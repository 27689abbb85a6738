"use client";
import Link from "next/link";
import { useSearchParams } from "next/navigation";
import { useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { useTRPC } from "@/components/providers/trpc";
import { Card } from "@/components/ui/card";
import { formatDateTime, formatNumber } from "@/components/ui/format";
import { ErrorState, LoadingState } from "@/components/ui/states";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { autoParametersOf, LeaderboardTable, type AutoParameters } from "./auto-leaderboard";
import { fmtMetric, VersionState } from "./version-state";
import { mergeBacktestPlots, metricRows, type ComparedVersion } from "./version-compare-data";

/** The two versions compared: `?a=&b=` when given, else the champion (or newest) against the newest other one. */
function defaultPair(versions: { id: string; state: string }[], a: string | null, b: string | null): [string | null, string | null] {
  const ids = versions.map((v) => v.id);
  const champion = versions.find((v) => v.state === "champion")?.id ?? ids[0] ?? null;
  const first = a && ids.includes(a) ? a : champion;
  const second = b && ids.includes(b) && b !== first ? b : (ids.find((id) => id !== first) ?? null);
  return [first, second];
}

/** Two versions of one model side by side: backtest metrics per horizon step, backtest plots overlaid, leaderboards. */
export function VersionCompare({ modelId }: { modelId: string }) {
  const trpc = useTRPC();
  const params = useSearchParams();
  const model = useQuery(trpc.models.get.queryOptions({ modelId }));
  const [choice, setChoice] = useState<{ a: string | null; b: string | null }>({ a: params.get("a"), b: params.get("b") });
  const versions = model.data?.versions ?? [];
  const [a, b] = defaultPair(versions, choice.a, choice.b);
  const qa = useQuery({ ...trpc.models.version.queryOptions({ versionId: a ?? "" }), enabled: !!a });
  const qb = useQuery({ ...trpc.models.version.queryOptions({ versionId: b ?? "" }), enabled: !!b });
  if (model.isPending) return <LoadingState />;
  if (model.error) return <ErrorState error={model.error} onRetry={() => model.refetch()} />;
  const m = model.data.model;
  const pick = (side: "a" | "b", id: string) => {
    const next = { a, b, [side]: id };
    setChoice(next);
    const url = new URL(window.location.href);
    if (next.a) url.searchParams.set("a", next.a);
    if (next.b) url.searchParams.set("b", next.b);
    window.history.replaceState(null, "", url);
  };
  if (versions.length < 2) {
    return (
      <Card className="p-5 text-sm" data-testid="compare-versions-empty">
        This model has {versions.length} version{versions.length === 1 ? "" : "s"}; train another to compare.{" "}
        <Link href={`/models/${modelId}`} className="text-brand-700 hover:underline dark:text-brand-300">Back to the model</Link>
      </Card>
    );
  }
  const label = (v: { version: number; algorithm: string }) => `v${v.version} · ${v.algorithm}`;
  return (
    <div className="space-y-6">
      <Card className="flex flex-wrap items-end gap-4 p-5 text-sm">
        <div className="mr-auto">
          <Link href={`/models/${modelId}`} className="font-medium text-brand-700 hover:underline dark:text-brand-300">
            {m.assetName} · {m.metric}
          </Link>
          <span className="text-zinc-500"> · {m.horizon} steps of {m.frequency}</span>
        </div>
        {(["a", "b"] as const).map((side) => (
          <label key={side} className="flex flex-col gap-1">
            <span className="text-xs font-medium text-zinc-500">Version {side.toUpperCase()}</span>
            <select
              className="rounded-md border border-zinc-300 bg-white px-2 py-1.5 text-sm dark:border-zinc-700 dark:bg-zinc-900"
              value={(side === "a" ? a : b) ?? ""}
              onChange={(e) => pick(side, e.target.value)}
              data-testid={`compare-version-${side}`}
            >
              {versions.map((v) => (
                <option key={v.id} value={v.id} disabled={v.id === (side === "a" ? b : a)}>
                  {label(v)} ({v.state})
                </option>
              ))}
            </select>
          </label>
        ))}
      </Card>
      {qa.isPending || qb.isPending ? (
        <LoadingState />
      ) : qa.error || qb.error ? (
        <ErrorState error={(qa.error ?? qb.error)!} onRetry={() => { void qa.refetch(); void qb.refetch(); }} />
      ) : (
        <ComparedPair a={qa.data.version} b={qb.data.version} />
      )}
    </div>
  );
}

function ComparedPair({ a, b }: { a: ComparedVersion; b: ComparedVersion }) {
  const rows = metricRows(a, b);
  const plot = mergeBacktestPlots(a.backtestPlot, b.backtestPlot);
  const autoA = autoParametersOf(a.parameters);
  const autoB = autoParametersOf(b.parameters);
  return (
    <>
      <Card className="overflow-hidden">
        <h2 id="compare-metrics-heading" className="px-5 pb-1 pt-5 text-sm font-semibold">
          Backtest metrics per horizon step
        </h2>
        <p className="px-5 pb-3 text-xs text-zinc-500">
          <span className="font-mono">v{a.version}</span> <VersionState state={a.state} /> against <span className="font-mono">v{b.version}</span> <VersionState state={b.state} />. Δ is B relative to A; lower is better for every error metric.
          {a.trainingSnapshot?.contentHash !== b.trainingSnapshot?.contentHash && " The two were trained on different data, so their backtest windows differ."}
        </p>
        <Table aria-labelledby="compare-metrics-heading" data-testid="compare-metrics">
          <THead>
            <TR>
              <TH>Step</TH>
              <TH>Metric</TH>
              <TH numeric>v{a.version}</TH>
              <TH numeric>v{b.version}</TH>
              <TH numeric>Δ</TH>
            </TR>
          </THead>
          <TBody>
            {rows.map((r) => (
              <TR key={`${r.step}-${r.metric}`} data-testid="compare-metric-row" data-step={r.step} data-metric={r.metric}>
                <TD className="font-mono text-xs">{r.step}</TD>
                <TD>{r.metric}</TD>
                <TD numeric>{fmtMetric(r.a)}</TD>
                <TD numeric>{fmtMetric(r.b)}</TD>
                <TD numeric className={r.change === null ? "" : r.change < 0 ? "text-emerald-700 dark:text-emerald-400" : r.change > 0 ? "text-red-700 dark:text-red-400" : ""}>
                  {r.change === null ? "—" : `${r.change > 0 ? "+" : ""}${(r.change * 100).toFixed(1)} %`}
                </TD>
              </TR>
            ))}
          </TBody>
        </Table>
      </Card>
      {plot.length > 0 && (
        <Card className="p-5">
          <h2 className="mb-3 text-sm font-semibold">Backtests overlaid (last fold of each)</h2>
          <div className="h-72 w-full" data-testid="compare-backtest-chart">
            <ResponsiveContainer width="100%" height="100%">
              <LineChart data={plot} margin={{ top: 8, right: 16, bottom: 4, left: 4 }}>
                <CartesianGrid strokeDasharray="3 3" vertical={false} />
                <XAxis dataKey="t" type="number" scale="time" domain={["dataMin", "dataMax"]} tickFormatter={(t: number) => new Date(t).toISOString().slice(5, 16).replace("T", " ")} minTickGap={48} tickLine={false} axisLine={false} />
                <YAxis width={64} tickFormatter={(v: number) => formatNumber(v, 0)} tickLine={false} axisLine={false} domain={["auto", "auto"]} />
                <Tooltip labelFormatter={(t) => formatDateTime(new Date(Number(t)))} formatter={(v) => formatNumber(Number(v), 1)} contentStyle={{ borderRadius: 8, fontSize: 12 }} />
                <Legend wrapperStyle={{ fontSize: 12 }} />
                <Line dataKey="actual" name="actual" stroke="#18181b" strokeWidth={1.5} dot={false} connectNulls isAnimationActive={false} />
                <Line dataKey="a" name={`v${a.version} forecast`} stroke="#2563eb" strokeWidth={1.5} dot={false} connectNulls isAnimationActive={false} />
                <Line dataKey="b" name={`v${b.version} forecast`} stroke="#db2777" strokeWidth={1.5} dot={false} connectNulls isAnimationActive={false} />
              </LineChart>
            </ResponsiveContainer>
          </div>
        </Card>
      )}
      <div className="grid gap-6 lg:grid-cols-2">
        <LeaderboardOrNote version={a} auto={autoA} />
        <LeaderboardOrNote version={b} auto={autoB} />
      </div>
    </>
  );
}

function LeaderboardOrNote({ version, auto }: { version: ComparedVersion; auto: AutoParameters | null }) {
  return (
    <Card className="overflow-hidden" data-testid={`compare-leaderboard-v${version.version}`}>
      <h2 className="px-5 pb-3 pt-5 text-sm font-semibold">
        v{version.version} leaderboard <span className="font-mono text-xs font-normal text-zinc-500">{version.algorithm}</span>
      </h2>
      {auto ? (
        <LeaderboardTable auto={auto} />
      ) : (
        <p className="px-5 pb-5 text-sm text-zinc-500">One model was trained for this version (no candidates were compared).</p>
      )}
    </Card>
  );
}
