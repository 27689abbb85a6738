/**
 * Qlib's processors (qlib/data/dataset/processor.py) for factor panels. A panel is `panel[ticker][column][day]`
 * with days aligned across tickers; a single ticker's `Float64Array[]` is a panel of one.
 */
import { InvalidInputError } from "../../errors";

export type Columns = Float64Array[];
export type Panel = Columns[];
export type RowRange = { start: number; end: number };

const asPanel = (x: Columns | Panel): { panel: Panel; single: boolean } =>
  x.length > 0 && x[0] instanceof Float64Array ? { panel: [x as Columns], single: true } : { panel: x as Panel, single: false };

function median(v: number[]): number {
  if (v.length === 0) return NaN;
  v.sort((a, b) => a - b);
  const m = v.length >> 1;
  return v.length % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
}

export type RobustZScoreFit = { median: Float64Array; scale: Float64Array };

/**
 * `RobustZScoreNorm.fit`: per column, the median and (MAD + 1e-12) × 1.4826 of every valid value in rows
 * [start, end) of every ticker (pooled, as Qlib fits on the multi-index frame; NaNs ignored, as np.nanmedian).
 */
export function fitRobustZScore(columns: Columns | Panel, fitRange: RowRange): RobustZScoreFit {
  const { panel } = asPanel(columns);
  const k = panel[0]?.length ?? 0;
  const med = new Float64Array(k);
  const scale = new Float64Array(k);
  for (let j = 0; j < k; j++) {
    const vals: number[] = [];
    for (const cols of panel) {
      const col = cols[j];
      if (fitRange.start < 0 || fitRange.end > col.length || fitRange.start >= fitRange.end) {
        throw new InvalidInputError(`fitRange [${fitRange.start}, ${fitRange.end}) is not inside 0..${col.length}`, { field: "fitRange" });
      }
      for (let i = fitRange.start; i < fitRange.end; i++) if (!Number.isNaN(col[i])) vals.push(col[i]);
    }
    med[j] = median(vals);
    scale[j] = (median(vals.map((x) => Math.abs(x - med[j]))) + 1e-12) * 1.4826;
  }
  return { median: med, scale };
}

/** `RobustZScoreNorm`: (x − median) / scale with the fit above, clipped to ±3 when `clip` (clip_outlier). */
export function robustZScore<T extends Columns | Panel>(columns: T, fitRange: RowRange, opts: { clip?: boolean } = {}): T {
  const fit = fitRobustZScore(columns, fitRange);
  const { panel, single } = asPanel(columns);
  const out = panel.map((cols) =>
    cols.map((col, j) =>
      col.map((x) => {
        const z = (x - fit.median[j]) / fit.scale[j];
        return opts.clip ? Math.min(3, Math.max(-3, z)) : z;
      }),
    ),
  );
  return (single ? out[0] : out) as T;
}

/** `Fillna`: NaN → `value` (0 by default). */
export function fillna<T extends Columns | Panel>(columns: T, value = 0): T {
  const { panel, single } = asPanel(columns);
  const out = panel.map((cols) => cols.map((col) => col.map((x) => (Number.isNaN(x) ? value : x))));
  return (single ? out[0] : out) as T;
}

/** Applies `f` to each (column, day) cross-section of valid values across tickers. */
function perDay(panel: Panel, f: (xs: number[]) => number[]): Panel {
  const out = panel.map((cols) => cols.map((col) => new Float64Array(col.length).fill(NaN)));
  const k = panel[0]?.length ?? 0;
  for (let j = 0; j < k; j++) {
    const days = panel[0][j].length;
    for (let t = 0; t < days; t++) {
      const who: number[] = [];
      const xs: number[] = [];
      panel.forEach((cols, s) => {
        if (cols[j].length !== days) throw new InvalidInputError(`ticker ${s} has ${cols[j].length} days, ticker 0 has ${days}`, { field: "panel", row: s });
        if (!Number.isNaN(cols[j][t])) { who.push(s); xs.push(cols[j][t]); }
      });
      const ys = f(xs);
      who.forEach((s, i) => (out[s][j][t] = ys[i]));
    }
  }
  return out;
}

/** `CSRankNorm`: per day, (rank(pct=True) − 0.5) × 3.46 across tickers, ties averaged; NaN stays NaN. */
export function crossSectionRank(panel: Panel): Panel {
  return perDay(panel, (xs) =>
    xs.map((x) => {
      let below = 0;
      let equal = 0;
      for (const y of xs) { if (y < x) below++; else if (y === x) equal++; }
      return ((below + (equal + 1) / 2) / xs.length - 0.5) * 3.46;
    }),
  );
}

/** `CSZScoreNorm`: per day, (x − mean) / std across tickers (sample std, ddof = 1, as pandas). */
export function crossSectionZScore(panel: Panel): Panel {
  return perDay(panel, (xs) => {
    const m = xs.reduce((a, b) => a + b, 0) / xs.length;
    const sd = Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1));
    return xs.map((x) => (x - m) / sd);
  });
}
