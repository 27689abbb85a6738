"use client";
import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { formatDateTime, formatNumber } from "@/components/ui/format";
import { tickLabelFormat, timeTicks } from "./time-ticks";

export interface ChartPoint {
  ts: Date;
  value: number;
}


export function SeriesChart({ points, unit, timeZone = "UTC", label }: { points: ChartPoint[]; unit: string | null; timeZone?: string; label: string }) {
  const data = points.map((p) => ({ t: p.ts.getTime(), v: p.value }));
  const first = data[0]?.t ?? 0;
  const last = data[data.length - 1]?.t ?? 0;
  const { ticks, unit: tickUnit } = timeTicks(first, last, 7);
  const tickFormat = new Intl.DateTimeFormat(undefined, { ...tickLabelFormat(tickUnit), timeZone });
  return (
    <div className="h-72 w-full sm:h-96" data-testid="series-chart" data-points={data.length}>
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
