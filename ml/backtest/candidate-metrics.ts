/**
 * A candidate's backtest beyond its validation MASE, for leaderboards: MASE per horizon block (how error grows with
 * the lead time), sMAPE, and how often its own widest interval held the actuals (null when it emits none, as
 * combinations scored from their members' means do).
 */
import type { BacktestResult } from "./rolling-origin";

export interface HorizonBlockMase {
  /** First and last step of the block, 1-based. */
  from: number;
  to: number;
  mase: number;
}

export interface CandidateMetrics {
  smape: number;
  maseByBlock: HorizonBlockMase[];
  /** Level of the interval scored (the widest the candidate emitted), and the share of actuals inside it. */
  coverage: { level: number; ratio: number } | null;
}

/** Up to `parts` contiguous blocks of steps 1..H (one per step when H ≤ parts). */
export function horizonBlocks(H: number, parts = 3): [number, number][] {
  const n = Math.min(parts, H);
  return Array.from({ length: n }, (_, k) => [Math.floor((k * H) / n) + 1, Math.floor(((k + 1) * H) / n)] as [number, number]).filter(([a, b]) => b >= a);
}

export function candidateMetrics(result: BacktestResult): CandidateMetrics {
  const H = result.horizon;
  const blocks = horizonBlocks(H);
  const blockSum = blocks.map(() => 0);
  const blockN = blocks.map(() => 0);
  let smapeSum = 0;
  let smapeN = 0;
  let inside = 0;
  let scored = 0;
  let level = -Infinity;
  for (const w of result.windows) for (const f of w.forecasts) if (f) for (const iv of f.intervals) level = Math.max(level, iv.level);
  for (const w of result.windows) {
    w.forecasts.forEach((f, i) => {
      if (!f) return;
      const scale = w.scales[i];
      const iv = f.intervals.find((x) => x.level === level);
      for (let h = 0; h < H; h++) {
        const y = w.actuals[i][h];
        const p = f.mean[h];
        if (!Number.isFinite(y) || !Number.isFinite(p)) continue;
        const denom = Math.abs(y) + Math.abs(p);
        if (denom > 0) {
          smapeSum += (200 * Math.abs(y - p)) / denom;
          smapeN++;
        }
        if (scale > 0 && Number.isFinite(scale)) {
          const b = blocks.findIndex(([a, z]) => h + 1 >= a && h + 1 <= z);
          blockSum[b] += Math.abs(y - p) / scale;
          blockN[b]++;
        }
        if (iv && Number.isFinite(iv.lower[h]) && Number.isFinite(iv.upper[h])) {
          scored++;
          if (y >= iv.lower[h] && y <= iv.upper[h]) inside++;
        }
      }
    });
  }
  return {
    smape: smapeN ? smapeSum / smapeN : NaN,
    maseByBlock: blocks.map(([from, to], k) => ({ from, to, mase: blockN[k] ? blockSum[k] / blockN[k] : NaN })),
    coverage: scored > 0 && Number.isFinite(level) ? { level, ratio: inside / scored } : null,
  };
}
