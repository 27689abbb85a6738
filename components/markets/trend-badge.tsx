import { Badge } from "@/components/ui/badge";
import { formatNumber } from "@/components/ui/format";
import type { TickerTrend } from "@/server/markets/schemas";

const ARROW = { up: "↑", down: "↓", sideways: "→" } as const;
const TONE = { up: "green", down: "red", sideways: "zinc" } as const;

/** The trend call of the served close forecast: direction, its probability, the threshold θ and the step. */
export function TrendBadge({ trend }: { trend: TickerTrend }) {
  const p = trend.call === "up" ? trend.pUp : trend.call === "down" ? trend.pDown : trend.pSideways;
  const pct = (x: number) => `${formatNumber(x * 100, 0)} %`;
  return (
    <span
      className="inline-flex flex-wrap items-center gap-1.5 text-xs text-zinc-600 dark:text-zinc-400"
      data-testid="trend-badge"
      data-call={trend.call}
      title={`P(up) ${pct(trend.pUp)}, P(down) ${pct(trend.pDown)}, P(sideways) ${pct(trend.pSideways)} for the ${trend.horizonSteps}-step return, from a normal fitted to the ${trend.level} % band (σ ${formatNumber(trend.sigma, 2)}) against the close ${formatNumber(trend.lastClose, 2)}`}
    >
      <Badge tone={TONE[trend.call]}>
        {ARROW[trend.call]} {trend.call} · {pct(p)}
      </Badge>
      <span>
        {trend.horizonSteps}-step, θ ±{formatNumber(trend.thresholdPct, 2)} % (±{formatNumber(trend.threshold, 2)})
      </span>
    </span>
  );
}
