/**
 * A trend call (up / down / sideways) from a price forecast's predictive band.
 *
 * The price k steps ahead is taken as normal, N(μ, σ²), with μ the forecast mean at step k and σ read off the
 * interval: σ = (upper − lower) / 2 / z, z the two-sided normal quantile of the level (1.96 for 95 %, 1.2816
 * for 80 %). The 95 % band is preferred, the 80 % band used when it is the only one. A conformal band need not
 * be symmetric around the mean; its half-width is then the average of the two sides, which is what a normal
 * fitted to the band's two ends would have.
 *
 * With c the last close and θ the threshold (a percentage of c), the k-step return r = P_k / c − 1 gives
 *   P(up)   = P(r > +θ) = 1 − Φ((c(1 + θ) − μ) / σ)
 *   P(down) = P(r < −θ) = Φ((c(1 − θ) − μ) / σ)
 * and the call is "up" when P(up) ≥ ½, "down" when P(down) ≥ ½, else "sideways". The two events are disjoint,
 * so both reach ½ only in the tie θ = 0, μ = c, which is called "sideways".
 */
import { InvalidInputError } from "../errors";
import { normalCdf, zForLevel } from "../stats/normal";

export type TrendDirection = "up" | "down" | "sideways";

/** One forecast step: mean and interval bounds keyed by level in percent ("80", "95"). */
export interface TrendForecastPoint {
  mean: number;
  lower: Record<string, number>;
  upper: Record<string, number>;
}

export interface TrendCallParams {
  points: readonly TrendForecastPoint[];
  /** The close the forecast starts from (its origin bar). */
  lastClose: number;
  /** θ in percent of the last close; default 1. */
  thresholdPct?: number;
  /** Step read (1-based); default 5, the last step when the forecast is shorter. */
  step?: number;
}

export interface TrendCall {
  call: TrendDirection;
  pUp: number;
  pDown: number;
  pSideways: number;
  thresholdPct: number;
  /** θ in price units: thresholdPct / 100 × lastClose. */
  threshold: number;
  /** The step the call is for (1-based). */
  horizonSteps: number;
  /** The interval level σ came from (95 or 80). */
  level: number;
  mean: number;
  sigma: number;
  lastClose: number;
  /** μ / c − 1: the forecast's expected k-step return. */
  expectedReturn: number;
}

export const DEFAULT_TREND_THRESHOLD_PCT = 1;
export const DEFAULT_TREND_STEP = 5;
const LEVELS = [95, 80] as const;

function finite(x: number, field: string): number {
  if (!Number.isFinite(x)) throw new InvalidInputError(`${field} must be a finite number, got ${x}`, { field });
  return x;
}

/** Up / down / sideways at step k with their probabilities under a normal fitted to the forecast band. */
export function trendCall(params: TrendCallParams): TrendCall {
  const { points } = params;
  if (points.length === 0) throw new InvalidInputError("the forecast has no points", { field: "points" });
  const lastClose = finite(params.lastClose, "lastClose");
  if (lastClose <= 0) throw new InvalidInputError(`lastClose must be positive, got ${lastClose}`, { field: "lastClose" });
  const thresholdPct = finite(params.thresholdPct ?? DEFAULT_TREND_THRESHOLD_PCT, "thresholdPct");
  if (thresholdPct < 0 || thresholdPct >= 100) throw new InvalidInputError(`thresholdPct must be in [0, 100), got ${thresholdPct}`, { field: "thresholdPct" });
  const step = params.step ?? DEFAULT_TREND_STEP;
  if (!Number.isInteger(step) || step < 1) throw new InvalidInputError(`step must be an integer >= 1, got ${step}`, { field: "step" });

  const horizonSteps = Math.min(step, points.length);
  const p = points[horizonSteps - 1];
  const mean = finite(p.mean, `points[${horizonSteps - 1}].mean`);
  const level = LEVELS.find((l) => p.lower[String(l)] !== undefined && p.upper[String(l)] !== undefined);
  if (level === undefined) {
    throw new InvalidInputError(`step ${horizonSteps} has neither a 95 % nor an 80 % interval`, { field: `points[${horizonSteps - 1}].lower` });
  }
  const lo = finite(p.lower[String(level)], `points[${horizonSteps - 1}].lower.${level}`);
  const hi = finite(p.upper[String(level)], `points[${horizonSteps - 1}].upper.${level}`);
  if (hi < lo) throw new InvalidInputError(`the ${level} % interval is inverted (${lo} > ${hi})`, { field: `points[${horizonSteps - 1}].upper.${level}` });
  const sigma = (hi - lo) / 2 / zForLevel(level);

  const threshold = (thresholdPct / 100) * lastClose;
  const upAt = lastClose + threshold;
  const downAt = lastClose - threshold;
  // A zero-width band is a point forecast: the probabilities are 0 or 1.
  const pUp = sigma > 0 ? 1 - normalCdf((upAt - mean) / sigma) : mean > upAt ? 1 : 0;
  const pDown = sigma > 0 ? normalCdf((downAt - mean) / sigma) : mean < downAt ? 1 : 0;
  const pSideways = Math.max(0, 1 - pUp - pDown);
  // P(up) ≥ ½ exactly when μ ≥ c(1 + θ) (the normal's median is its mean): deciding on μ keeps the call exact
  // where normalCdf's ~1e-7 error would tip a probability of exactly ½ either way.
  const up = mean >= upAt;
  const down = mean <= downAt;
  const call: TrendDirection = up && !down ? "up" : down && !up ? "down" : "sideways";
  return { call, pUp, pDown, pSideways, thresholdPct, threshold, horizonSteps, level, mean, sigma, lastClose, expectedReturn: mean / lastClose - 1 };
}
