import { ModelStateError } from "../../errors";
import type { FitContext, Forecast, Forecaster, ForecasterFactory, Series, SpecReuse } from "../../types";
import { ArimaFitError } from "./arima";
import { autoArima, forecastArima, refitArima, type ArimaModel, type AutoArimaOptions } from "./auto-arima";

export { autoArima, refitArima, forecastArima, updateArima, arimaToJSON, arimaFromJSON, arimaString } from "./auto-arima";
export type { ArimaModel, ArimaModelJSON, AutoArimaOptions, ArimaForecast } from "./auto-arima";

export interface ArimaForecasterOptions {
  seasonal?: boolean;
  stepwise?: boolean;
  /** CSS during the search; null = R's default (n > 150 or m > 12). */
  approximation?: boolean | null;
  /**
   * Per series id, orders to re-estimate instead of searching: what `specFactory()` hands a backtest. A series
   * without one, or whose orders cannot be estimated on its data, gets the full search.
   */
  specs?: ReadonlyMap<string, Pick<ArimaModel, "order" | "seasonal" | "m" | "xreg">>;
}

/**
 * AutoARIMA as a Forecaster: one `autoArima` per series with the primary season length
 * (`ctx.seasonLengths[0]`, 1 when absent). When R's search would stop with "No suitable ARIMA model
 * found" the series falls back to ARIMA(0,1,0) (a random walk), so one bad series does not fail a batch.
 * `models()` exposes the fitted models for serving (serialise with `arimaToJSON`).
 */
export function createArimaForecaster(opts: ArimaForecasterOptions = {}): Forecaster & SpecReuse & { models(): ArimaModel[] } {
  let fitted: { id: string; model: ArimaModel }[] | null = null;
  const autoOpts: AutoArimaOptions = { seasonal: opts.seasonal, stepwise: opts.stepwise, approximation: opts.approximation };
  return {
    name: "arima",
    async fit(series: Series[], ctx: FitContext) {
      const m = ctx.seasonLengths[0] ?? 1;
      fitted = series.map((s) => {
        const mm = m >= 1 && m < s.values.length ? Math.round(m) : 1;
        let model: ArimaModel;
        const spec = opts.specs?.get(s.id);
        if (spec && spec.m === mm) {
          try {
            return { id: s.id, model: refitArima(s.values, spec) };
          } catch (e) {
            if (!(e instanceof ArimaFitError)) throw e;
            // These orders do not fit this stretch of the series: search as usual below.
          }
        }
        try {
          model = autoArima(s.values, mm, autoOpts);
        } catch (e) {
          if (!(e instanceof ArimaFitError)) throw e;
          model = autoArima(s.values, mm, { ...autoOpts, d: 1, D: 0, maxP: 0, maxQ: 0, maxSP: 0, maxSQ: 0 });
        }
        return { id: s.id, model };
      });
    },
    async forecast(horizon: number, levels: number[]): Promise<Forecast[]> {
      if (!fitted) throw new ModelStateError("arima: forecast called before fit");
      return fitted.map(({ id, model }) => {
        const f = forecastArima(model, horizon, levels);
        return { id, mean: f.mean, intervals: f.intervals };
      });
    },
    models() {
      if (!fitted) throw new ModelStateError("arima: models() called before fit");
      return fitted.map((f) => f.model);
    },
    specFactory(): ForecasterFactory {
      if (!fitted) throw new ModelStateError("arima: specFactory() before fit");
      const specs = new Map<string, Pick<ArimaModel, "order" | "seasonal" | "m" | "xreg">>();
      for (const { id, model } of fitted) if (model.constantValue === null) specs.set(id, { order: model.order, seasonal: model.seasonal, m: model.m, xreg: model.xreg });
      return () => createArimaForecaster({ ...opts, specs });
    },
  };
}
