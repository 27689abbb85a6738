"use client";
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { LossPoint } from "@/db/schema";
import { formatNumber } from "@/components/ui/format";

const COLORS = ["#2563eb", "#16a34a", "#d97706", "#dc2626", "#7c3aed", "#0891b2", "#db2777", "#65a30d"];

/** Validation loss per boosting iteration, one line per search trial (and the final fit). */
export function LossChart({ points }: { points: LossPoint[] }) {
  const candidates = [...new Set(points.map((p) => p.candidate))];
  const byIteration = new Map<number, Record<string, number>>();
  for (const p of points) {
    const row = byIteration.get(p.iteration) ?? { iteration: p.iteration };
    row[p.candidate] = p.validLoss;
    byIteration.set(p.iteration, row);
  }
  const data = [...byIteration.values()].sort((a, b) => a.iteration - b.iteration);
  if (!data.length) return <p className="text-sm text-zinc-500">No validation loss reported yet.</p>;
  return (
    <div className="h-64 w-full" data-testid="loss-chart" data-points={points.length}>
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={data} margin={{ top: 8, right: 16, bottom: 4, left: 4 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="iteration" type="number" domain={["dataMin", "dataMax"]} tickLine={false} axisLine={false} />
          <YAxis width={64} tickFormatter={(v: number) => formatNumber(v, 3)} tickLine={false} axisLine={false} domain={["auto", "auto"]} scale="log" />
          <Tooltip formatter={(v) => formatNumber(Number(v), 4)} contentStyle={{ borderRadius: 8, fontSize: 12 }} />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          {candidates.map((c, i) => (
            <Line key={c} type="monotone" dataKey={c} stroke={COLORS[i % COLORS.length]} strokeWidth={1.5} dot={false} isAnimationActive={false} connectNulls />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
