"use client";
import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { formatDateTime, formatNumber } from "@/components/ui/format";

export interface ChartPoint {
  ts: Date;
  value: number;
}

function tickFormatter(spanMs: number, timeZone: string) {
  const opts: Intl.DateTimeFormatOptions =
    spanMs <= 2 * 86_400_000 ? { hour: "2-digit", minute: "2-digit" } : spanMs <= 400 * 86_400_000 ? { month: "short", day: "numeric" } : { year: "numeric", month: "short" };
  const fmt = new Intl.DateTimeFormat(undefined, { ...opts, timeZone });
  return (ms: number) => fmt.format(ms);
}

export function SeriesChart({ points, unit, timeZone = "UTC", label }: { points: ChartPoint[]; unit: string | null; timeZone?: string; label: string }) {
  const data = points.map((p) => ({ t: p.ts.getTime(), v: p.value }));
  const spanMs = data.length > 1 ? data[data.length - 1].t - data[0].t : 0;
  return (
    <div className="h-72 w-full sm:h-96" data-testid="series-chart" data-points={data.length}>
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={data} margin={{ top: 8, right: 16, bottom: 4, left: 4 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="t" type="number" scale="time" domain={["dataMin", "dataMax"]} tickFormatter={tickFormatter(spanMs, timeZone)} minTickGap={48} tickLine={false} axisLine={false} />
          <YAxis width={64} tickFormatter={(v: number) => formatNumber(v, 1)} tickLine={false} axisLine={false} domain={["auto", "auto"]} />
          <Tooltip
            labelFormatter={(t) => formatDateTime(new Date(Number(t)), timeZone)}
            formatter={(v) => [`${formatNumber(Number(v), 3)}${unit ? ` ${unit}` : ""}`, label]}
            contentStyle={{ borderRadius: 8, fontSize: 12 }}
          />
          <Line type="monotone" dataKey="v" stroke="var(--color-brand-500)" strokeWidth={1.5} dot={false} isAnimationActive={false} />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
