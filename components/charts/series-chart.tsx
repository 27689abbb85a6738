"use client";
import { CartesianGrid, Line, LineChart, ReferenceDot, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { formatDate, formatDateTime, formatNumber } from "@/components/ui/format";
import { tickLabelFormat, timeTicks } from "./time-ticks";

export interface ChartPoint {
  ts: Date;
  value: number;
}

/** An anomaly drawn on the chart: a dot at the reading (or at the expectation where the reading is missing). */
export interface ChartMarker {
  ts: Date;
  value: number | null;
  expected: number | null;
  kind: string;
  reason: string;
}

const MARKER_COLOURS: Record<string, string> = {
  spike_above: "#dc2626",
  spike_below: "#2563eb",
  level_shift: "#9333ea",
  stuck: "#d97706",
  gap: "#71717a",
};

export function SeriesChart({
  points,
  unit,
  timeZone = "UTC",
  label,
  markers = [],
  dateOnly = false,
}: {
  points: ChartPoint[];
  unit: string | null;
  timeZone?: string;
  label: string;
  markers?: ChartMarker[];
  /** Daily or coarser data: the tooltip shows the date only. */
  dateOnly?: boolean;
}) {
  const data = points.map((p) => ({ t: p.ts.getTime(), v: p.value }));
  const first = data[0]?.t ?? 0;
  const last = data[data.length - 1]?.t ?? 0;
  // A marker needs a y: the reading, else (a gap) the expectation, else the nearest plotted value.
  const shown = markers
    .map((m) => ({ ...m, t: m.ts.getTime(), y: m.value ?? m.expected ?? nearestValue(data, m.ts.getTime()) }))
    .filter((m) => m.t >= first && m.t <= last && m.y !== null && Number.isFinite(m.y));
  const { ticks, unit: tickUnit } = timeTicks(first, last, 7);
  const tickFormat = new Intl.DateTimeFormat(undefined, { ...tickLabelFormat(tickUnit), timeZone });
  return (
    <div className="h-72 w-full sm:h-96" data-testid="series-chart" data-points={data.length} data-anomalies={shown.length}>
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={data} margin={{ top: 8, right: 16, bottom: 4, left: 4 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis
            dataKey="t"
            type="number"
            scale="time"
            domain={[first, last]}
            ticks={ticks}
            tickFormatter={(ms: number) => tickFormat.format(ms)}
            minTickGap={24}
            tickLine={false}
            axisLine={false}
          />
          <YAxis width={64} tickFormatter={(v: number) => formatNumber(v, 1)} tickLine={false} axisLine={false} domain={["auto", "auto"]} />
          <Tooltip
            labelFormatter={(t) => (dateOnly ? formatDate(new Date(Number(t)), timeZone) : formatDateTime(new Date(Number(t)), timeZone))}
            formatter={(v) => [`${formatNumber(Number(v), 3)}${unit ? ` ${unit}` : ""}`, label]}
            contentStyle={{ borderRadius: 8, fontSize: 12 }}
          />
          <Line type="monotone" dataKey="v" stroke="var(--color-brand-500)" strokeWidth={1.5} dot={false} isAnimationActive={false} />
          {shown.map((m) => (
            <ReferenceDot
              key={`${m.t}-${m.kind}`}
              x={m.t}
              y={m.y!}
              r={5}
              ifOverflow="extendDomain"
              shape={(p: { cx?: number; cy?: number }) => (
                <circle cx={p.cx} cy={p.cy} r={5} fill={MARKER_COLOURS[m.kind] ?? "#dc2626"} stroke="white" strokeWidth={1.5} data-testid="anomaly-marker" data-kind={m.kind}>
                  <title>{`${formatDateTime(m.ts, timeZone)}: ${m.reason}`}</title>
                </circle>
              )}
            />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}

function nearestValue(data: { t: number; v: number }[], t: number): number | null {
  if (data.length === 0) return null;
  let lo = 0;
  let hi = data.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (data[mid].t < t) lo = mid + 1;
    else hi = mid;
  }
  const prev = data[Math.max(0, lo - 1)];
  return Math.abs(prev.t - t) < Math.abs(data[lo].t - t) ? prev.v : data[lo].v;
}
