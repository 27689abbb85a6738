"use client";
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { BacktestPlot } from "@/db/schema";
import { formatDateTime, formatNumber } from "@/components/ui/format";

/** The last backtest fold: actuals, the version's forecast and the seasonal-naive baseline. */
export function BacktestChart({ plot }: { plot: BacktestPlot }) {
  const data = plot.ts.map((t, i) => ({ t: new Date(t).getTime(), actual: plot.actual[i], forecast: plot.forecast[i], baseline: plot.baseline[i] }));
  return (
    <div className="h-72 w-full" data-testid="backtest-chart">
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={data} margin={{ top: 8, right: 16, bottom: 4, left: 4 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="t" type="number" scale="time" domain={["dataMin", "dataMax"]} tickFormatter={(t: number) => new Date(t).toISOString().slice(5, 16).replace("T", " ")} minTickGap={48} tickLine={false} axisLine={false} />
          <YAxis width={64} tickFormatter={(v: number) => formatNumber(v, 0)} tickLine={false} axisLine={false} domain={["auto", "auto"]} />
          <Tooltip labelFormatter={(t) => formatDateTime(new Date(Number(t)))} formatter={(v) => formatNumber(Number(v), 1)} contentStyle={{ borderRadius: 8, fontSize: 12 }} />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          <Line dataKey="actual" stroke="#18181b" strokeWidth={1.5} dot={false} isAnimationActive={false} />
          <Line dataKey="forecast" stroke="#2563eb" strokeWidth={1.5} dot={false} isAnimationActive={false} />
          <Line dataKey="baseline" stroke="#d97706" strokeWidth={1} strokeDasharray="4 3" dot={false} isAnimationActive={false} />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
