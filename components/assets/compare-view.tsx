"use client";
/**
 * Compare view: pick 2–8 assets and a metric they share; their series over the same range on one chart and a
 * table ranked by the latest value. The choice lives in the URL (?assets=a,b&metric=m&range=30d), so a
 * comparison can be shared and survives a reload.
 */
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useSearchParams } from "next/navigation";
import { useEffect, useMemo, useState } from "react";
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { useTRPC } from "@/components/providers/trpc";
import { Card } from "@/components/ui/card";
import { Field, Select } from "@/components/ui/field";
import { formatDateTime, formatNumber } from "@/components/ui/format";
import { EmptyState, ErrorState, LoadingState } from "@/components/ui/states";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { tickLabelFormat, timeTicks } from "@/components/charts/time-ticks";
import type { z } from "zod";
import type { compareAssetsOutputSchema } from "@/server/assets/schemas";

const COLOURS = ["#2563eb", "#dc2626", "#16a34a", "#d97706", "#9333ea", "#0891b2", "#db2777", "#4b5563"];
const RANGES = { "7d": 7, "30d": 30, "90d": 90, "1y": 365, all: null } as const;
type RangeId = keyof typeof RANGES;
const DAY_MS = 86_400_000;

export function CompareView() {
  const trpc = useTRPC();
  const params = useSearchParams();
  // The choice is local state, written to the URL as it changes (history.replaceState: synchronous, no navigation),
  // and read from it once, so a shared link or a reload shows the same comparison.
  const [chosen, setChosen] = useState<string[]>(() => (params.get("assets") ?? "").split(",").filter(Boolean).slice(0, 8));
  const [metric, setMetric] = useState<string | undefined>(() => params.get("metric") ?? undefined);
  const [range, setRange] = useState<RangeId>(() => {
    const r = params.get("range");
    return r && r in RANGES ? (r as RangeId) : "30d";
  });
  useEffect(() => {
    const next = new URLSearchParams();
    if (chosen.length) next.set("assets", chosen.join(","));
    if (metric) next.set("metric", metric);
    if (range !== "30d") next.set("range", range);
    const qs = next.toString();
    window.history.replaceState(null, "", qs ? `?${qs}` : window.location.pathname);
  }, [chosen, metric, range]);
  const list = useQuery(trpc.assets.list.queryOptions());

  const toggle = (slug: string) => setChosen((c) => (c.includes(slug) ? c.filter((s) => s !== slug) : [...c, slug].slice(0, 8)));

  // The range ends at the newest point of the chosen assets (demo data is historical).
  const newest = (list.data ?? []).filter((a) => chosen.includes(a.slug)).map((a) => (a.lastObservationAt ? new Date(a.lastObservationAt).getTime() : 0));
  const lastTs = newest.length ? Math.max(...newest) : null;
  const days = RANGES[range] ?? null;
  const span = days && lastTs ? { from: new Date(lastTs - days * DAY_MS), to: new Date(lastTs + 1) } : {};
  const compare = useQuery({
    ...trpc.assets.compare.queryOptions({ assets: chosen, metric, ...span, maxPoints: 800 }),
    enabled: chosen.length >= 2 && (days === null || lastTs !== null),
    placeholderData: keepPreviousData,
  });

  return (
    <div className="space-y-6" data-testid="compare-view">
      <Card className="space-y-4 p-5">
        <fieldset>
          <legend className="mb-2 text-sm font-medium">Assets (2–8)</legend>
          {list.isPending ? (
            <LoadingState label="Loading assets…" />
          ) : list.isError ? (
            <ErrorState error={list.error} onRetry={() => list.refetch()} />
          ) : (
            <div className="flex flex-wrap gap-x-4 gap-y-2">
              {list.data.map((a) => (
                <label key={a.id} className="flex items-center gap-1.5 text-sm">
                  <input type="checkbox" checked={chosen.includes(a.slug)} onChange={() => toggle(a.slug)} data-testid={`compare-asset-${a.slug}`} />
                  {a.name}
                  <span className="text-xs text-zinc-400">{a.kind}</span>
                </label>
              ))}
            </div>
          )}
        </fieldset>
        <div className="grid gap-4 sm:grid-cols-3">
          <Field label="Metric">
            <Select value={compare.data?.metric ?? metric ?? ""} onChange={(e) => setMetric(e.target.value || undefined)} data-testid="compare-metric" disabled={!compare.data}>
              {(compare.data?.metrics ?? (metric ? [metric] : [])).map((m) => (
                <option key={m} value={m}>
                  {m}
                </option>
              ))}
            </Select>
          </Field>
          <Field label="Range">
            <Select value={range} onChange={(e) => setRange(e.target.value as RangeId)} data-testid="compare-range">
              {Object.keys(RANGES).map((r) => (
                <option key={r} value={r}>
                  {r === "all" ? "All" : `Last ${r}`}
                </option>
              ))}
            </Select>
          </Field>
        </div>
      </Card>

      {chosen.length < 2 ? (
        <Card>
          <EmptyState title="Pick at least two assets">Their series of a metric they share will be drawn on one chart.</EmptyState>
        </Card>
      ) : compare.isError ? (
        <Card>
          <ErrorState error={compare.error} onRetry={() => compare.refetch()} />
        </Card>
      ) : !compare.data ? (
        <LoadingState label="Loading series…" />
      ) : (
        <>
          <Card className="p-4 sm:p-5">
            <CompareChart data={compare.data} />
          </Card>
          <RankedTable data={compare.data} />
        </>
      )}
    </div>
  );
}

type Comparison = z.infer<typeof compareAssetsOutputSchema>;

function CompareChart({ data }: { data: Comparison }) {
  // One row per timestamp any asset has; each asset's line connects across the others' timestamps.
  const rows = useMemo(() => {
    const byTs = new Map<number, Record<string, number>>();
    for (const a of data.assets) {
      for (const p of a.points) {
        const t = new Date(p.ts).getTime();
        const row = byTs.get(t) ?? { t };
        row[a.asset.slug] = p.value;
        byTs.set(t, row);
      }
    }
    return [...byTs.values()].sort((x, y) => x.t - y.t);
  }, [data]);
  const first = rows[0]?.t ?? 0;
  const last = rows.at(-1)?.t ?? 0;
  const { ticks, unit } = timeTicks(first, last, 7);
  const tz = data.assets[0]?.asset.timezone ?? "UTC";
  const fmt = new Intl.DateTimeFormat(undefined, { ...tickLabelFormat(unit), timeZone: tz });
  const units = [...new Set(data.assets.map((a) => a.unit).filter(Boolean))];
  return (
    <div className="h-80 w-full sm:h-96" data-testid="compare-chart" data-lines={data.assets.length}>
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={rows} margin={{ top: 8, right: 16, bottom: 4, left: 4 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="t" type="number" domain={[first, last]} ticks={ticks} tickFormatter={(t: number) => fmt.format(new Date(t))} tick={{ fontSize: 11 }} />
          <YAxis tick={{ fontSize: 11 }} width={56} label={units.length === 1 ? { value: units[0], angle: -90, position: "insideLeft", fontSize: 11 } : undefined} />
          <Tooltip labelFormatter={(t) => formatDateTime(new Date(Number(t)), tz)} formatter={(v) => formatNumber(Number(v))} />
          <Legend />
          {data.assets.map((a, i) => (
            <Line key={a.asset.id} dataKey={a.asset.slug} name={a.asset.name} stroke={COLOURS[i % COLOURS.length]} dot={false} strokeWidth={1.5} connectNulls isAnimationActive={false} type="linear" />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}

function RankedTable({ data }: { data: Comparison }) {
  const ranked = [...data.assets].sort((a, b) => (b.stats.latest?.value ?? -Infinity) - (a.stats.latest?.value ?? -Infinity));
  return (
    <Card className="overflow-hidden">
      <Table caption={`${data.metric}, ranked by the latest value`} data-testid="compare-table">
        <THead>
          <TR>
            <TH>#</TH>
            <TH>Asset</TH>
            <TH numeric>Latest</TH>
            <TH numeric>Mean</TH>
            <TH numeric>Min</TH>
            <TH numeric>Max</TH>
            <TH numeric>Points</TH>
          </TR>
        </THead>
        <TBody>
          {ranked.map((a, i) => (
            <TR key={a.asset.id} data-testid={`compare-row-${a.asset.slug}`}>
              <TD numeric>{i + 1}</TD>
              <TD>{a.asset.name}</TD>
              <TD numeric>{a.stats.latest ? formatNumber(a.stats.latest.value) : "–"}</TD>
              <TD numeric>{a.stats.mean === null ? "–" : formatNumber(a.stats.mean)}</TD>
              <TD numeric>{a.stats.min === null ? "–" : formatNumber(a.stats.min)}</TD>
              <TD numeric>{a.stats.max === null ? "–" : formatNumber(a.stats.max)}</TD>
              <TD numeric>{formatNumber(a.stats.count, 0)}</TD>
            </TR>
          ))}
        </TBody>
      </Table>
    </Card>
  );
}
