"use client";
import { useQuery } from "@tanstack/react-query";
import type { IChartApi, ISeriesApi, LineStyle, MouseEventParams, SeriesType, Time } from "lightweight-charts";
import { useEffect, useMemo, useRef, useState } from "react";
import { useTRPC } from "@/components/providers/trpc";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { formatDate, formatNumber } from "@/components/ui/format";
import { ErrorState, LoadingState } from "@/components/ui/states";
import { BandSeries, type BandData } from "./band-series";
import { DOWN_COLOR, UP_COLOR, candlesOf, forecastLinesOf, lineOf, macdHistogramOf, type CandleValue } from "./candle-series-data";
import { TrendBadge } from "./trend-badge";

type Overlay = "sma" | "ema" | "bbands";
type Pane = "volume" | "macd" | "rsi";

const BARS = 250;
const PANE_ORDER: Pane[] = ["volume", "macd", "rsi"];
const BRAND = "#2563eb";
const MAIN_HEIGHT_PX = 320;
const PANE_HEIGHT_PX = 110;

interface Hover {
  x: number;
  /** The chart's width then, to keep the tooltip inside it. */
  widthPx: number;
  time: string;
  candle?: CandleValue;
  volume?: number;
  forecast?: { mean: number; lower?: number; upper?: number };
}

/** The library hands a business day back as a string or a {year, month, day}. */
function dayString(t: Time): string {
  if (typeof t === "string") return t;
  if (typeof t === "number") return new Date(t * 1000).toISOString().slice(0, 10);
  return `${t.year}-${String(t.month).padStart(2, "0")}-${String(t.day).padStart(2, "0")}`;
}

/**
 * A ticker's candles with volume, SMA/EMA/Bollinger overlays, MACD and RSI panes, and the served close forecast
 * (mean and band) continuing after the last candle with its trend call. TradingView's lightweight-charts draws
 * it (loaded on the client only); zoom and pan are the library's (wheel / pinch / drag).
 */
export function CandlestickChart({ assetId }: { assetId: string }) {
  const trpc = useTRPC();
  const bars = useQuery(trpc.markets.bars.queryOptions({ assetId, limit: BARS }));
  const indicators = useQuery(trpc.markets.indicators.queryOptions({ assetId }));
  // The same query as the forecast panel's for close: one request, one cache entry; polled the same way.
  const forecast = useQuery({ ...trpc.models.assetForecast.queryOptions({ assetId, metric: "close" }), refetchInterval: 5000 });
  const trend = useQuery({ ...trpc.markets.trend.queryOptions({ assetId }), enabled: Boolean(forecast.data), refetchInterval: 5000 });
  const [overlays, setOverlays] = useState<Set<Overlay>>(new Set(["sma"]));
  const [panes, setPanes] = useState<Set<Pane>>(new Set(["volume"]));
  const [hover, setHover] = useState<Hover | null>(null);
  const [paneCount, setPaneCount] = useState(0);
  const [visibleBars, setVisibleBars] = useState(0);
  const containerRef = useRef<HTMLDivElement>(null);
  const rangeRef = useRef<{ range: { from: number; to: number }; forecastDays: number } | null>(null);

  const data = useMemo(() => {
    if (!bars.data) return null;
    const ind = indicators.data?.bars ?? [];
    return {
      ...candlesOf(bars.data.bars),
      sma20: lineOf(ind, "sma20"),
      sma50: lineOf(ind, "sma50"),
      ema20: lineOf(ind, "ema20"),
      bbUp: lineOf(ind, "bbUp"),
      bbMavg: lineOf(ind, "bbMavg"),
      bbDn: lineOf(ind, "bbDn"),
      rsi14: lineOf(ind, "rsi14"),
      macd: lineOf(ind, "macd"),
      macdSignal: lineOf(ind, "macdSignal"),
      macdHist: macdHistogramOf(ind),
      forecast: forecast.data ? forecastLinesOf(forecast.data, bars.data.bars) : null,
    };
  }, [bars.data, indicators.data, forecast.data]);

  useEffect(() => {
    const el = containerRef.current;
    if (!el || !data) return;
    let chart: IChartApi | null = null;
    let cancelled = false;
    void import("lightweight-charts").then((lc) => {
      if (cancelled) return;
      const c = lc.createChart(el, {
        autoSize: true,
        layout: { background: { type: lc.ColorType.Solid, color: "transparent" }, textColor: "#71717a", fontSize: 11, panes: { separatorColor: "#a1a1aa55" } },
        grid: { vertLines: { color: "#a1a1aa22" }, horzLines: { color: "#a1a1aa22" } },
        rightPriceScale: { borderVisible: false },
        timeScale: { borderVisible: false, rightOffset: 3 },
        crosshair: { mode: lc.CrosshairMode.Normal },
        // On a phone a vertical swipe over the chart scrolls the page; horizontal drag pans, pinch zooms.
        handleScroll: { vertTouchDrag: false },
      });
      chart = c;
      const paneOf = new Map<Pane, number>();
      for (const p of PANE_ORDER) if (panes.has(p)) paneOf.set(p, paneOf.size + 1);
      const quiet = { priceLineVisible: false, lastValueVisible: false, crosshairMarkerVisible: false } as const;
      const line = (color: string, pane: number, extra: { lineWidth?: 1 | 2; lineStyle?: LineStyle } = {}) =>
        c.addSeries(lc.LineSeries, { color, lineWidth: extra.lineWidth ?? 1, lineStyle: extra.lineStyle ?? lc.LineStyle.Solid, ...quiet }, pane);

      const candles = c.addSeries(lc.CandlestickSeries, { upColor: UP_COLOR, downColor: DOWN_COLOR, wickUpColor: UP_COLOR, wickDownColor: DOWN_COLOR, borderVisible: false }, 0);
      candles.setData(data.candles);
      if (overlays.has("bbands")) {
        line("#0891b2", 0, { lineStyle: lc.LineStyle.Dashed }).setData(data.bbUp);
        line("#0891b2", 0).setData(data.bbMavg);
        line("#0891b2", 0, { lineStyle: lc.LineStyle.Dashed }).setData(data.bbDn);
      }
      if (overlays.has("sma")) {
        line("#d97706", 0).setData(data.sma20);
        line("#9333ea", 0).setData(data.sma50);
      }
      if (overlays.has("ema")) line("#059669", 0).setData(data.ema20);

      let band: ISeriesApi<SeriesType> | null = null;
      let mean: ISeriesApi<SeriesType> | null = null;
      if (data.forecast && data.forecast.mean.length > 1) {
        const b = c.addCustomSeries(new BandSeries({ ...lc.customSeriesDefaultOptions, fillColor: `${BRAND}26`, edgeColor: `${BRAND}99` }), { ...quiet }, 0);
        b.setData(data.forecast.band as BandData[]);
        band = b;
        mean = line(BRAND, 0, { lineWidth: 2 });
        mean.setData(data.forecast.mean);
      }

      let volume: ISeriesApi<SeriesType> | null = null;
      const volumePane = paneOf.get("volume");
      if (volumePane !== undefined) {
        volume = c.addSeries(lc.HistogramSeries, { priceFormat: { type: "volume" }, priceLineVisible: false, lastValueVisible: false }, volumePane);
        volume.setData(data.volume);
      }
      const macdPane = paneOf.get("macd");
      if (macdPane !== undefined) {
        c.addSeries(lc.HistogramSeries, { priceLineVisible: false, lastValueVisible: false }, macdPane).setData(data.macdHist);
        line(BRAND, macdPane).setData(data.macd);
        line("#d97706", macdPane).setData(data.macdSignal);
      }
      const rsiPane = paneOf.get("rsi");
      if (rsiPane !== undefined) {
        const rsi = c.addSeries(lc.LineSeries, { color: "#9333ea", lineWidth: 1, ...quiet, autoscaleInfoProvider: () => ({ priceRange: { minValue: 0, maxValue: 100 } }) }, rsiPane);
        rsi.setData(data.rsi14);
        rsi.createPriceLine({ price: 70, color: DOWN_COLOR, lineStyle: lc.LineStyle.Dashed, lineWidth: 1, axisLabelVisible: true, title: "" });
        rsi.createPriceLine({ price: 30, color: UP_COLOR, lineStyle: lc.LineStyle.Dashed, lineWidth: 1, axisLabelVisible: true, title: "" });
      }
      const all = c.panes();
      all.forEach((p, i) => p.setStretchFactor(i === 0 ? MAIN_HEIGHT_PX : PANE_HEIGHT_PX));
      setPaneCount(all.length);

      // Keep the user's zoom across toggles (the chart is rebuilt); start on the last bars plus the forecast.
      const ts = c.timeScale();
      const forecastDays = data.forecast ? data.forecast.mean.filter((m) => m.time > data.candles.at(-1)!.time).length : 0;
      const total = data.candles.length + forecastDays;
      const shown = el.clientWidth < 500 ? 60 : 130;
      // A forecast that arrives (or grows) while the view shows the last candle moves the view right by its new
      // days, same width, so the band comes into sight.
      const saved = rangeRef.current;
      const shift = saved && saved.range.to >= data.candles.length - 1 ? forecastDays - saved.forecastDays : 0;
      const initial = saved ? { from: saved.range.from + shift, to: saved.range.to + shift } : { from: Math.max(0, total - shown), to: total + 2 };
      ts.setVisibleLogicalRange(initial);
      rangeRef.current = { range: initial, forecastDays };
      setVisibleBars(Math.round(initial.to - initial.from));
      ts.subscribeVisibleLogicalRangeChange((r) => {
        if (r) rangeRef.current = { range: { from: r.from, to: r.to }, forecastDays };
        setVisibleBars(r ? Math.round(r.to - r.from) : 0);
      });

      c.subscribeCrosshairMove((param: MouseEventParams<Time>) => {
        if (!param.point || param.time === undefined) return setHover(null);
        const candle = param.seriesData.get(candles) as CandleValue | undefined;
        const vol = volume ? (param.seriesData.get(volume) as { value?: number } | undefined)?.value : undefined;
        const m = mean ? (param.seriesData.get(mean) as { value?: number } | undefined)?.value : undefined;
        const bd = band ? (param.seriesData.get(band) as Partial<BandData> | undefined) : undefined;
        const isForecast = m !== undefined && (!candle || dayString(param.time) > data.candles.at(-1)!.time);
        setHover({ x: param.point.x, widthPx: el.clientWidth, time: dayString(param.time), candle, volume: vol, forecast: isForecast ? { mean: m, lower: bd?.lower, upper: bd?.upper } : undefined });
      });
    });
    return () => {
      cancelled = true;
      chart?.remove();
    };
  }, [data, overlays, panes]);

  if (bars.isPending) return <LoadingState label="Loading bars…" />;
  if (bars.error) return <ErrorState error={bars.error} onRetry={() => bars.refetch()} />;

  const toggle = <T,>(set: (f: (s: Set<T>) => Set<T>) => void, x: T) => set((s) => (s.has(x) ? new Set([...s].filter((y) => y !== x)) : new Set([...s, x])));
  const heightPx = MAIN_HEIGHT_PX + PANE_HEIGHT_PX * panes.size;
  const f = forecast.data;
  return (
    <Card className="p-4 sm:p-5" data-testid="candles-panel" data-bars={bars.data.bars.length}>
      <div className="mb-3 flex flex-wrap items-center justify-between gap-2">
        <div className="flex flex-wrap items-center gap-2">
          <h2 className="text-sm font-semibold">Candles</h2>
          {trend.data && <TrendBadge trend={trend.data} />}
        </div>
        <div className="flex flex-wrap gap-1" role="group" aria-label="Overlays and panes">
          {([
            ["sma", "SMA 20/50"],
            ["ema", "EMA 20"],
            ["bbands", "Bollinger"],
          ] as const).map(([o, label]) => (
            <Button key={o} size="sm" variant={overlays.has(o) ? "primary" : "secondary"} aria-pressed={overlays.has(o)} onClick={() => toggle(setOverlays, o)} data-testid={`candles-overlay-${o}`}>
              {label}
            </Button>
          ))}
          {([
            ["volume", "Volume"],
            ["macd", "MACD"],
            ["rsi", "RSI"],
          ] as const).map(([p, label]) => (
            <Button key={p} size="sm" variant={panes.has(p) ? "primary" : "secondary"} aria-pressed={panes.has(p)} onClick={() => toggle(setPanes, p)} data-testid={`candles-pane-${p}`} disabled={p === "volume" && !bars.data.hasVolume && !panes.has(p)}>
              {label}
            </Button>
          ))}
        </div>
      </div>
      <div className="relative">
        <div
          ref={containerRef}
          className="w-full"
          style={{ height: heightPx }}
          data-testid="candles-chart"
          data-overlays={[...overlays].sort().join(",")}
          data-panes={PANE_ORDER.filter((p) => panes.has(p)).join(",")}
          data-pane-count={paneCount}
          data-visible-bars={visibleBars}
          data-forecast-points={data?.forecast?.mean.length ?? 0}
        />
        {hover && (hover.candle || hover.forecast) && (
          <div
            className="pointer-events-none absolute top-1 z-10 rounded-md bg-white/95 px-2 py-1 font-mono text-[11px] leading-4 shadow ring-1 ring-zinc-200 dark:bg-zinc-900/95 dark:ring-zinc-700"
            style={{ left: Math.max(0, Math.min(hover.x + 14, hover.widthPx - 170)) }}
            data-testid="candles-tooltip"
          >
            <div className="font-sans font-medium">{formatDate(new Date(`${hover.time}T00:00:00Z`), "UTC")}</div>
            {hover.candle && (
              <>
                <div>O {formatNumber(hover.candle.open, 2)} H {formatNumber(hover.candle.high, 2)}</div>
                <div>L {formatNumber(hover.candle.low, 2)} C {formatNumber(hover.candle.close, 2)}</div>
                {hover.volume !== undefined && <div>V {formatNumber(hover.volume, 0)}</div>}
              </>
            )}
            {hover.forecast && (
              <div className="text-brand-700 dark:text-brand-300">
                forecast {formatNumber(hover.forecast.mean, 2)}
                {hover.forecast.lower !== undefined && hover.forecast.upper !== undefined && ` [${formatNumber(hover.forecast.lower, 2)} – ${formatNumber(hover.forecast.upper, 2)}]`}
              </div>
            )}
          </div>
        )}
      </div>
      <p className="mt-2 text-xs text-zinc-500" data-testid="candles-forecast" data-state={f ? "ready" : "none"}>
        Last {formatNumber(bars.data.bars.length, 0)} of {formatNumber(bars.data.totalBars, 0)} bars.{" "}
        {f
          ? `Forecast v${f.version.number} (${f.version.algorithm}): mean and ${data?.forecast?.level ?? "—"} % band for ${f.points.length} steps after ${formatDate(new Date(f.originTs), "UTC")}${f.stale ? " (stale: a refresh is queued)" : ""}.`
          : "No close forecast yet: train a model to see its band here."}
      </p>
    </Card>
  );
}
