/**
 * What the candlestick chart draws, as plain arrays keyed by trading day ("YYYY-MM-DD", the library's business
 * day strings: bars are stored at 00:00 UTC). Kept apart from the chart so the mapping is tested without a
 * canvas.
 */
import type { IndicatorBar, TickerBar } from "@/server/markets/schemas";
import type { ServedForecastView } from "@/server/forecasts/served-forecast";

export interface TimedValue {
  time: string;
  value: number;
}
export interface BandValue {
  time: string;
  lower: number;
  upper: number;
}
export interface CandleValue {
  time: string;
  open: number;
  high: number;
  low: number;
  close: number;
}
export interface VolumeValue extends TimedValue {
  color: string;
}

export const UP_COLOR = "#16a34a";
export const DOWN_COLOR = "#dc2626";

export const dayOf = (d: Date | string): string => (typeof d === "string" ? d : d.toISOString()).slice(0, 10);

export function candlesOf(bars: readonly TickerBar[]): { candles: CandleValue[]; volume: VolumeValue[] } {
  const candles = bars.map((b) => ({ time: dayOf(b.ts), open: b.open, high: b.high, low: b.low, close: b.close }));
  const volume = bars.flatMap((b) =>
    b.volume === null ? [] : [{ time: dayOf(b.ts), value: b.volume, color: b.close >= b.open ? `${UP_COLOR}80` : `${DOWN_COLOR}80` }],
  );
  return { candles, volume };
}

type IndicatorKey = "sma20" | "sma50" | "ema20" | "bbUp" | "bbMavg" | "bbDn" | "rsi14" | "macd" | "macdSignal";

/** One indicator as a line, warm-up bars (null) left out. */
export function lineOf(bars: readonly IndicatorBar[], key: IndicatorKey): TimedValue[] {
  return bars.flatMap((b) => (b[key] === null ? [] : [{ time: dayOf(b.ts), value: b[key] }]));
}

/** MACD − signal, the histogram quants read beside the two lines. */
export function macdHistogramOf(bars: readonly IndicatorBar[]): VolumeValue[] {
  return bars.flatMap((b) => {
    if (b.macd === null || b.macdSignal === null) return [];
    const value = b.macd - b.macdSignal;
    return [{ time: dayOf(b.ts), value, color: value >= 0 ? `${UP_COLOR}99` : `${DOWN_COLOR}99` }];
  });
}

export interface ForecastLines {
  mean: TimedValue[];
  band: BandValue[];
  /** The interval level drawn (95 where every step has it, else 80; null when the forecast has neither). */
  level: number | null;
}

/**
 * The forecast continuing the candles: the mean line and its band start at the close of the origin bar (width
 * zero there, so both join the last candle) and run through the forecast's steps. Steps on a day already drawn
 * (an intraday forecast on a daily chart) are dropped: the chart's times must increase.
 */
export function forecastLinesOf(forecast: Pick<ServedForecastView, "originTs" | "points">, bars: readonly TickerBar[]): ForecastLines {
  // A level the version lists can still be unbounded at every step (too few calibration residuals for 95 %:
  // the serving path leaves it out rather than invent a width), so the level is chosen by what the points carry.
  const has = (l: number) => (p: (typeof forecast.points)[number]) => p.lower[String(l)] !== undefined && p.upper[String(l)] !== undefined;
  const level = [95, 80].find((l) => forecast.points.length > 0 && forecast.points.every(has(l))) ?? [95, 80].find((l) => forecast.points.some(has(l))) ?? null;
  const mean: TimedValue[] = [];
  const band: BandValue[] = [];
  const originDay = dayOf(forecast.originTs);
  const origin = [...bars].reverse().find((b) => dayOf(b.ts) <= originDay);
  let last = "";
  if (origin) {
    last = dayOf(origin.ts);
    mean.push({ time: last, value: origin.close });
    band.push({ time: last, lower: origin.close, upper: origin.close });
  }
  for (const p of forecast.points) {
    const time = dayOf(p.ts);
    if (time <= last) continue;
    last = time;
    mean.push({ time, value: p.mean });
    const lo = level === null ? undefined : p.lower[String(level)];
    const hi = level === null ? undefined : p.upper[String(level)];
    if (lo !== undefined && hi !== undefined) band.push({ time, lower: lo, upper: hi });
  }
  return { mean, band, level };
}
