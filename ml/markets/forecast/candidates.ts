/**
 * Forecast candidates for a ticker's log close: each maps the log prices up to an origin to the mean log price
 * 1…h trading days ahead. The random walk (no change) is the honest baseline of daily prices; the random walk
 * with drift adds the mean daily log return of the history; ETS, ARIMA and Theta are the ml/models
 * implementations (R's ets / auto.arima / thetaf) fitted on log prices, non-seasonal (daily prices have no
 * season worth modelling: m = 1).
 *
 * A model candidate searches its specification (ETS's family, ARIMA's orders) on the first history it sees and
 * re-estimates only the parameters of that specification at later origins (`SpecReuse`, as ml/backtest/auto does):
 * a rolling backtest then costs one estimation per origin, and the choice of specification never sees a later
 * origin's data.
 */
import { createModel } from "../../models/registry";
import { hasSpecReuse, type ForecasterFactory } from "../../types";

export interface TickerCandidate {
  readonly name: string;
  /** Mean log price at steps 1…horizon after the last value of `logPrices`. */
  forecast(logPrices: Float64Array, horizon: number): Promise<Float64Array>;
}

export const CANDIDATE_NAMES = ["rw", "rw-drift", "ets", "arima", "theta"] as const;
export type CandidateName = (typeof CANDIDATE_NAMES)[number];
export const BASELINE: CandidateName = "rw";

function randomWalk(): TickerCandidate {
  return {
    name: "rw",
    async forecast(lp, h) {
      return new Float64Array(h).fill(lp[lp.length - 1]);
    },
  };
}

function randomWalkWithDrift(): TickerCandidate {
  return {
    name: "rw-drift",
    async forecast(lp, h) {
      const n = lp.length;
      const drift = n > 1 ? (lp[n - 1] - lp[0]) / (n - 1) : 0;
      return Float64Array.from({ length: h }, (_, k) => lp[n - 1] + drift * (k + 1));
    },
  };
}

/** A registry model on log prices; falls back to the last value when the fit fails or forecasts a non-finite value. */
function modelCandidate(name: "ets" | "arima" | "theta"): TickerCandidate {
  let factory: ForecasterFactory | null = null;
  return {
    name,
    async forecast(lp, h) {
      const model = factory ? factory() : createModel(name);
      try {
        await model.fit([{ id: "ticker", values: lp }], { seasonLengths: [1], horizon: h });
        if (!factory && hasSpecReuse(model)) factory = model.specFactory();
        const [f] = await model.forecast(h, []);
        if (f.mean.every(Number.isFinite)) return Float64Array.from(f.mean);
      } catch {
        // A failed fit at one origin is the random walk there (counted as such, never silently dropped).
      }
      return new Float64Array(h).fill(lp[lp.length - 1]);
    },
  };
}

/** Fresh candidates (model candidates keep the specification they searched: make one set per ticker). */
export function createCandidates(names: readonly CandidateName[] = CANDIDATE_NAMES): TickerCandidate[] {
  return names.map((n) => (n === "rw" ? randomWalk() : n === "rw-drift" ? randomWalkWithDrift() : modelCandidate(n)));
}
