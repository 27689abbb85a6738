"use client";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Area, CartesianGrid, ComposedChart, Line, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { useTRPC } from "@/components/providers/trpc";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { formatDate, formatNumber } from "@/components/ui/format";
import { ErrorState, LoadingState } from "@/components/ui/states";

type Overlay = "sma" | "ema" | "bbands";
type Pane = "rsi" | "macd" | "adx";

/** Bars are trading days stored at 00:00 UTC: shown as that date (not the evening before in New York). */
const day = (t: number) => formatDate(new Date(t), "UTC");

/** A ticker's close with overlays (SMA 20/50, EMA 20, Bollinger 20/2) and an oscillator pane (RSI, MACD, ADX). */
export function IndicatorsPanel({ assetId }: { assetId: string }) {
  const trpc = useTRPC();
  const q = useQuery(trpc.markets.indicators.queryOptions({ assetId }));
  const [overlays, setOverlays] = useState<Set<Overlay>>(new Set(["sma", "bbands"]));
  const [pane, setPane] = useState<Pane>("rsi");
  if (q.isPending) return <LoadingState label="Computing indicators…" />;
  if (q.error) return <ErrorState error={q.error} onRetry={() => q.refetch()} />;
  const data = q.data.bars.map((b) => ({ ...b, t: b.ts.getTime(), band: b.bbDn !== null && b.bbUp !== null ? [b.bbDn, b.bbUp] : undefined }));
  const toggle = (o: Overlay) => setOverlays((s) => (s.has(o) ? new Set([...s].filter((x) => x !== o)) : new Set([...s, o])));
  const axis = { dataKey: "t", type: "number" as const, scale: "time" as const, domain: ["dataMin", "dataMax"], tickFormatter: (t: number) => day(t), minTickGap: 48, tickLine: false, axisLine: false };
  return (
    <Card className="p-4 sm:p-5" data-testid="indicators-panel" data-bars={data.length}>
      <div className="mb-3 flex flex-wrap items-center justify-between gap-2">
        <h2 className="text-sm font-semibold">Technical indicators</h2>
        <div className="flex flex-wrap gap-1" role="group" aria-label="Overlays">
          {([
            ["sma", "SMA 20/50"],
            ["ema", "EMA 20"],
            ["bbands", "Bollinger 20, 2σ"],
          ] as const).map(([o, label]) => (
            <Button key={o} size="sm" variant={overlays.has(o) ? "primary" : "secondary"} aria-pressed={overlays.has(o)} onClick={() => toggle(o)} data-testid={`overlay-${o}`}>
              {label}
            </Button>
          ))}
        </div>
      </div>
      <div className="h-64 w-full" data-testid="indicators-price-chart">
        <ResponsiveContainer width="100%" height="100%">
          <ComposedChart data={data} margin={{ top: 8, right: 16, bottom: 4, left: 4 }}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis {...axis} />
            <YAxis width={64} tickFormatter={(v: number) => formatNumber(v, 2)} tickLine={false} axisLine={false} domain={["auto", "auto"]} />
            <Tooltip labelFormatter={(t) => day(Number(t))} formatter={(v) => (Array.isArray(v) ? v.map((x) => formatNumber(Number(x), 2)).join(" – ") : formatNumber(Number(v), 2))} contentStyle={{ borderRadius: 8, fontSize: 12 }} />
            {overlays.has("bbands") && <Area dataKey="band" stroke="none" fill="var(--color-brand-500)" fillOpacity={0.12} isAnimationActive={false} name="Bollinger" />}
            <Line dataKey="close" stroke="var(--color-brand-600)" strokeWidth={1.5} dot={false} isAnimationActive={false} name="close" />
            {overlays.has("sma") && <Line dataKey="sma20" stroke="#d97706" strokeWidth={1} dot={false} isAnimationActive={false} name="SMA 20" />}
            {overlays.has("sma") && <Line dataKey="sma50" stroke="#9333ea" strokeWidth={1} dot={false} isAnimationActive={false} name="SMA 50" />}
            {overlays.has("ema") && <Line dataKey="ema20" stroke="#059669" strokeWidth={1} dot={false} isAnimationActive={false} name="EMA 20" />}
          </ComposedChart>
        </ResponsiveContainer>
      </div>
      <div className="mt-3 flex gap-1" role="group" aria-label="Oscillator">
        {([
          ["rsi", "RSI 14"],
          ["macd", "MACD 12/26/9"],
          ["adx", "ADX 14"],
        ] as const).map(([p, label]) => (
          <Button key={p} size="sm" variant={pane === p ? "primary" : "secondary"} aria-pressed={pane === p} onClick={() => setPane(p)} data-testid={`pane-${p}`} disabled={p === "adx" && !q.data.hasRange}>
            {label}
          </Button>
        ))}
      </div>
      <div className="mt-2 h-32 w-full" data-testid="indicators-pane" data-pane={pane}>
        <ResponsiveContainer width="100%" height="100%">
          <ComposedChart data={data} margin={{ top: 4, right: 16, bottom: 4, left: 4 }}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis {...axis} />
            <YAxis width={64} tickLine={false} axisLine={false} domain={pane === "rsi" ? [0, 100] : ["auto", "auto"]} tickFormatter={(v: number) => formatNumber(v, pane === "macd" ? 2 : 0)} />
            <Tooltip labelFormatter={(t) => day(Number(t))} formatter={(v) => formatNumber(Number(v), 2)} contentStyle={{ borderRadius: 8, fontSize: 12 }} />
            {pane === "rsi" && <ReferenceLine y={70} stroke="#dc2626" strokeDasharray="4 4" />}
            {pane === "rsi" && <ReferenceLine y={30} stroke="#059669" strokeDasharray="4 4" />}
            {pane === "rsi" && <Line dataKey="rsi14" stroke="var(--color-brand-600)" dot={false} isAnimationActive={false} name="RSI 14" />}
            {pane === "macd" && <Line dataKey="macd" stroke="var(--color-brand-600)" dot={false} isAnimationActive={false} name="MACD" />}
            {pane === "macd" && <Line dataKey="macdSignal" stroke="#d97706" dot={false} isAnimationActive={false} name="signal" />}
            {pane === "adx" && <Line dataKey="adx14" stroke="var(--color-brand-600)" dot={false} isAnimationActive={false} name="ADX 14" />}
          </ComposedChart>
        </ResponsiveContainer>
      </div>
      <p className="mt-2 text-xs text-zinc-500">
        Last {formatNumber(data.length, 0)} of {formatNumber(q.data.totalBars, 0)} bars; indicators equal to R&apos;s TTR, computed over the whole history.
      </p>
    </Card>
  );
}
