import { AutoETS } from "@bsull/augurs/ets";
import { MSTL } from "@bsull/augurs/mstl";
import { InvalidInputError, ModelStateError } from "../errors";
import { impute } from "../series/impute";
import type { FitContext, Forecast, Forecaster, Interval, Series } from "../types";
import { ensureAugurs } from "./augurs-wasm";
import { lastFiniteIndex } from "./local";

/** The subset of the augurs model classes we call (AutoETS and MSTL share it). */
interface AugursModel {
  fit(y: Float64Array): void;
  predict(horizon: number, level?: number | null): { point: number[]; intervals?: { lower: number[]; upper: number[] } };
  free(): void;
}

interface Fitted {
  id: string;
  model: AugursModel;
  /** Steps between the last observation and the end of the series (trailing NaNs). */
  trailingMissing: number;
}

/** Fewest observations augurs' ETS fits ("not enough data" below; MSTL fits ETS to the adjusted series). */
const MIN_OBSERVATIONS = 4;

/**
 * Shared wrapper for the augurs WASM models: impute gaps (augurs expects complete data), keep at
 * most `maxHistory` recent observations (fitting cost grows with length and old data rarely helps
 * short horizons), fit, and ask augurs for its own intervals, one predict call per level.
 * A series augurs cannot fit fails the fit, never a flat forecast with no interval width: too short is
 * an InvalidInputError, augurs refusing it a ModelStateError naming the series. The caller falls back
 * and reports it (ml/backtest/tolerant-forecast.ts refits a local model series by series and drops only
 * the ones that fail).
 */
function augursForecaster(name: string, build: (s: Series, ctx: FitContext) => AugursModel, maxHistory: number) {
  let fitted: Fitted[] | null = null;
  const free = () => {
    for (const f of fitted ?? []) f.model.free();
    fitted = null;
  };
  const forecaster = {
    name,
    async fit(series: Series[], ctx: FitContext) {
      free();
      const models: Fitted[] = [];
      try {
        for (const s of series) {
          const last = lastFiniteIndex(s.values);
          const start = Math.max(0, last + 1 - maxHistory);
          const y = impute(s.values.subarray(start, last + 1), "linear");
          if (y.length < MIN_OBSERVATIONS) {
            throw new InvalidInputError(`${name}: series "${s.id}" has ${y.length} observations; it needs at least ${MIN_OBSERVATIONS}`, { field: "values" });
          }
          const model = build({ ...s, values: y }, ctx);
          try {
            model.fit(y);
          } catch (e) {
            model.free();
            throw new ModelStateError(`${name}: augurs could not fit series "${s.id}": ${e instanceof Error ? e.message : String(e)}`);
          }
          models.push({ id: s.id, model, trailingMissing: s.values.length - 1 - last });
        }
      } catch (e) {
        for (const f of models) f.model.free();
        throw e;
      }
      fitted = models;
    },
    async forecast(horizon: number, levels: number[]): Promise<Forecast[]> {
      if (!fitted) throw new ModelStateError(`${name}: forecast called before fit`);
      return fitted.map((f) => {
        const steps = horizon + f.trailingMissing;
        const model = f.model;
        let mean: Float64Array | null = null;
        const intervals: Interval[] = [];
        for (const level of levels) {
          const p = model.predict(steps, level / 100);
          if (!p.intervals) throw new ModelStateError(`${name}: augurs returned no ${level} % interval for series "${f.id}"`);
          mean ??= Float64Array.from(p.point.slice(f.trailingMissing));
          intervals.push({
            level,
            lower: Float64Array.from(p.intervals.lower.slice(f.trailingMissing)),
            upper: Float64Array.from(p.intervals.upper.slice(f.trailingMissing)),
          });
        }
        mean ??= Float64Array.from(model.predict(steps, null).point.slice(f.trailingMissing));
        return { id: f.id, mean, intervals };
      });
    },
  };
  return forecaster satisfies Forecaster;
}

/**
 * AutoETS from augurs (Hyndman et al. 2002 state-space ETS, selected by AICc). Note: augurs 0.10
 * fits non-seasonal ETS models only, so on strongly seasonal data it returns trend-only forecasts;
 * MSTL below handles the seasonal part.
 */
export function createAutoEtsForecaster(opts: { spec?: string; maxHistory?: number } = {}) {
  ensureAugurs("ets");
  return augursForecaster(
    "auto-ets",
    (_s, ctx) => new AutoETS(Math.max(1, ctx.seasonLengths[0] ?? 1), opts.spec ?? "ZZZ") as unknown as AugursModel,
    opts.maxHistory ?? 1000,
  );
}

/**
 * MSTL (Bandara, Hyndman & Bergmeir 2021) from augurs: STL-decompose the series for every season
 * length, forecast the seasonal components naively and the seasonally adjusted remainder with
 * AutoETS. Season lengths that do not fit twice into the history are dropped; with none left the
 * model is plain AutoETS on the series.
 */
export function createMstlForecaster(opts: { seasonLengths?: number[]; maxHistory?: number } = {}) {
  ensureAugurs("mstl");
  ensureAugurs("ets");
  return augursForecaster(
    "mstl",
    (s, ctx) => {
      const periods = (opts.seasonLengths ?? ctx.seasonLengths).filter((m) => m >= 2 && 2 * m < s.values.length);
      if (periods.length === 0) return new AutoETS(1, "ZZN") as unknown as AugursModel;
      return MSTL.ets(Uint32Array.from(periods)) as unknown as AugursModel;
    },
    opts.maxHistory ?? 1000,
  );
}
