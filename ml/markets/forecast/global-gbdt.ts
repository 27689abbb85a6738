/**
 * A global GBDT on returns (one model across the cross-section of tickers): the target is the H-day log return
 * log(P(t+H) / P(t)), the features the price-relative indicators at t (features.ts). The mean log path is
 * log P(t) + (h / H)·r̂ — one model for the H-day return the trend call reads, its steps on a straight line.
 *
 * Refits are scheduled, not per origin: the trading days are cut into blocks of `refitEvery` from a fixed epoch,
 * and a forecast from an origin in a block uses the model trained on every ticker's rows whose target date falls
 * before the block starts. Nothing after the origin is ever seen; the model is only up to `refitEvery` days old.
 */
import { trainGbdt, type GbdtParams } from "../../gbdt/train";
import { predictGbdt } from "../../gbdt/predict";
import type { GbdtModel } from "../../gbdt/model";
import { nextTradingDays, tradingDaysBetween } from "../calendar/nyse";
import type { TickerCandidate } from "./candidates";
import { buildFeatures, type FeatureBlock } from "./features";

export interface PanelTicker {
  dates: string[];
  close: Float64Array;
}

export interface GlobalGbdtOptions {
  horizon?: number;
  refitEvery?: number;
  blocks?: readonly FeatureBlock[];
  params?: Partial<GbdtParams>;
}

const EPOCH = "1990-01-02";
/** Shallow, slow, strongly regularised: returns are mostly noise. */
const PARAMS: Partial<GbdtParams> = { numTrees: 150, learningRate: 0.03, maxLeaves: 8, minDataInLeaf: 200, lambdaL2: 10, baggingFraction: 0.8, featureFraction: 0.8, seed: 1 };

/** A factory of per-ticker candidates sharing one model per refit block. */
export function createGlobalGbdt(panel: readonly PanelTicker[], options: GlobalGbdtOptions = {}) {
  const H = options.horizon ?? 5;
  const every = options.refitEvery ?? 100;
  const feats = panel.map((p) => buildFeatures({ close: p.close }, options.blocks));
  const nF = feats[0]?.names.length ?? 0;
  const models = new Map<number, { model: GbdtModel | null; start: string }>();
  const blockOf = (date: string) => Math.floor(tradingDaysBetween(EPOCH, date) / every);

  function fit(block: number): GbdtModel | null {
    const cached = models.get(block);
    if (cached) return cached.model;
    // The block's first trading day: the model learns from rows whose target date is before it.
    const start = block === 0 ? EPOCH : nextTradingDays(EPOCH, block * every)[block * every - 1];
    const X: number[] = [];
    const y: number[] = [];
    for (const [j, p] of panel.entries()) {
      for (let t = 0; t + H < p.close.length && p.dates[t + H] < start; t++) {
        const row = feats[j].columns.map((c) => c[t]);
        if (row.some((v) => !Number.isFinite(v))) continue;
        X.push(...row);
        y.push(Math.log(p.close[t + H] / p.close[t]));
      }
    }
    const n = y.length;
    const model = n >= 500 ? trainGbdt({ X: Float64Array.from(X), y: Float64Array.from(y), nRows: n, nFeatures: nF }, { ...PARAMS, ...options.params }).model : null;
    models.set(block, { model, start });
    return model;
  }

  return {
    names: feats[0]?.names ?? [],
    /** The candidate for panel ticker j (its histories must be prefixes of that ticker's closes). */
    candidateFor(j: number): TickerCandidate {
      return {
        name: "gbdt",
        async forecast(lp, h) {
          const o = lp.length - 1;
          const last = lp[o];
          const model = fit(blockOf(panel[j].dates[o]));
          const row = Float64Array.from(feats[j].columns, (c) => c[o]);
          if (!model || row.some((v) => !Number.isFinite(v))) return new Float64Array(h).fill(last);
          const r = predictGbdt(model, row, 1, nF)[0];
          return Float64Array.from({ length: h }, (_, k) => last + (r * (k + 1)) / H);
        },
      };
    },
  };
}
