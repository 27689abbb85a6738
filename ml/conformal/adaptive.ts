import { InvalidInputError } from "../errors";

export interface AdaptiveConformalOptions {
  /** Target miscoverage, e.g. 0.05 for 95 % intervals. */
  alpha: number;
  /** Step size γ of the α_t update (Gibbs & Candès use 0.005; larger adapts faster but is noisier). */
  gamma?: number;
  /** Initial calibration scores (e.g. scaled backtest residuals). */
  scores: ArrayLike<number>;
  /** Keep only the most recent `window` scores (default: all). */
  window?: number;
}

/**
 * Adaptive conformal inference (Gibbs & Candès 2021, "Adaptive Conformal Inference Under
 * Distribution Shift"): the working level α_t is nudged after each observed actual,
 *   α_{t+1} = α_t + γ(α − err_t),   err_t = 1 when y_t fell outside the interval,
 * so that long-run miscoverage tracks α even when the error distribution drifts. The interval is
 * ŷ ± Q_{1−α_t}(scores)·scale with Q the split-conformal quantile of the stored scores; α_t ≤ 0
 * gives an infinite interval and α_t ≥ 1 a zero-width one, as in the paper.
 *
 * Serving keeps one object per series (and level): call `interval()` when publishing a forecast
 * and `update()` when the actual arrives. `toJSON`/`fromJSON` persist the state.
 */
export class AdaptiveConformal {
  readonly alpha: number;
  readonly gamma: number;
  readonly window: number;
  private alphaT: number;
  private scores: number[];

  constructor(opts: AdaptiveConformalOptions) {
    if (!(opts.alpha > 0 && opts.alpha < 1)) throw new InvalidInputError(`alpha must be in (0, 1), got ${opts.alpha}`, { field: "alpha" });
    this.alpha = opts.alpha;
    this.gamma = opts.gamma ?? 0.005;
    this.window = opts.window ?? Infinity;
    this.alphaT = opts.alpha;
    this.scores = [];
    for (let i = 0; i < opts.scores.length; i++) if (Number.isFinite(opts.scores[i])) this.scores.push(opts.scores[i]);
    this.trim();
  }

  get currentAlpha(): number {
    return this.alphaT;
  }

  /** Half-width in score units at the current working level. */
  halfWidth(): number {
    if (this.alphaT <= 0) return Infinity;
    if (this.alphaT >= 1) return 0;
    const n = this.scores.length;
    const k = Math.ceil((n + 1) * (1 - this.alphaT));
    if (k > n || n === 0) return Infinity;
    const sorted = Float64Array.from(this.scores).sort();
    return sorted[Math.max(k, 1) - 1];
  }

  interval(mean: number, scale = 1): { lower: number; upper: number } {
    const w = this.halfWidth() * scale;
    return { lower: mean - w, upper: mean + w };
  }

  /** Feed the realised actual for a forecast `mean`; returns whether it was covered. */
  update(actual: number, mean: number, scale = 1): boolean {
    if (!Number.isFinite(actual)) return true;
    const { lower, upper } = this.interval(mean, scale);
    const covered = actual >= lower && actual <= upper;
    this.alphaT += this.gamma * (this.alpha - (covered ? 0 : 1));
    this.scores.push(Math.abs(actual - mean) / scale);
    this.trim();
    return covered;
  }

  toJSON() {
    return { alpha: this.alpha, gamma: this.gamma, window: Number.isFinite(this.window) ? this.window : null, alphaT: this.alphaT, scores: this.scores };
  }

  static fromJSON(s: { alpha: number; gamma: number; window: number | null; alphaT: number; scores: number[] }): AdaptiveConformal {
    const a = new AdaptiveConformal({ alpha: s.alpha, gamma: s.gamma, window: s.window ?? undefined, scores: s.scores });
    a.alphaT = s.alphaT;
    return a;
  }

  private trim() {
    if (this.scores.length > this.window) this.scores.splice(0, this.scores.length - this.window);
  }
}
