/**
 * AutoETS (forecast 8.20's ets() + forecast.ets()) as a Forecaster. Each series is fitted alone on
 * the primary season length of the context (m = 1 when absent); the fits are kept so forecast()
 * for any horizon reuses them.
 */
import { InvalidInputError, ModelStateError } from "../../errors";
import type { FitContext, Forecast, Forecaster, ForecasterFactory, Series, SpecReuse } from "../../types";
import type { EtsFit } from "./ets-fit";
import { fitEts, type FitEtsOptions } from "./fit";
import { forecastEts } from "./forecast";

export { fitEts, fitEtsModel, evaluateLik, update, methodName } from "./fit";
export type { EtsFit, EtsComponents, EtsParams } from "./ets-fit";
export type { FitEtsOptions } from "./fit";
export { forecastEts } from "./forecast";
export type { EtsForecast, ForecastEtsOptions } from "./forecast";

export interface EtsForecasterOptions {
  /** "ZZZ" (default) searches; e.g. "AAN" with damped: true fixes ETS(A,Ad,N). */
  model?: string;
  damped?: boolean | null;
  /** Seed for simulated intervals (multiplicative-trend models only). */
  seed?: number;
  /** Sample paths for simulated intervals (default 5000 as R). */
  simulations?: number;
  /**
   * Per series id, a form to fit instead of searching (e.g. "MAM" damped): what `specFactory()` hands a
   * backtest. A series without one, or whose form cannot be fitted on its data, gets the full search.
   */
  specs?: ReadonlyMap<string, { model: string; damped: boolean }>;
}

/** The form of a searched fit ("MAN", damped or not), for fitting the same form again. */
function formOf(fit: EtsFit): { model: string; damped: boolean } | null {
  if (fit.source !== "ets") return null;
  const c = fit.components;
  return { model: `${c.error}${c.trend}${c.season}`, damped: c.damped };
}

export function createEtsForecaster(opts: EtsForecasterOptions = {}): Forecaster & SpecReuse & { fits(): EtsFit[] } {
  let fitted: { id: string; fit: EtsFit }[] | null = null;
  let seed = opts.seed ?? 1;
  const fitOpts: FitEtsOptions = { model: opts.model ?? "ZZZ", damped: opts.damped ?? null };
  return {
    name: "ets",
    async fit(series: Series[], ctx: FitContext) {
      const m = ctx.seasonLengths[0] ?? 1;
      if (!Number.isInteger(m) || m < 1) {
        throw new InvalidInputError(`ets: season length must be a positive integer, got ${m}`, { field: "seasonLengths" });
      }
      seed = opts.seed ?? ctx.seed ?? 1;
      fitted = series.map((s) => {
        const spec = opts.specs?.get(s.id);
        if (spec) {
          try {
            return { id: s.id, fit: fitEts(s.values, m, { ...fitOpts, model: spec.model, damped: spec.damped }) };
          } catch {
            // The form does not fit this (shorter) stretch of the series: search as usual below.
          }
        }
        try {
          return { id: s.id, fit: fitEts(s.values, m, fitOpts) };
        } catch (e) {
          if (e instanceof InvalidInputError) {
            // e.message already names the row; keep it as a property too
            const err = new InvalidInputError(`series "${s.id}": ${e.message}`, { field: e.field });
            throw Object.assign(err, { row: e.row });
          }
          throw e;
        }
      });
    },
    async forecast(horizon: number, levels: number[]): Promise<Forecast[]> {
      if (!fitted) throw new ModelStateError("ets: forecast called before fit");
      return fitted.map(({ id, fit }, i) => {
        const f = forecastEts(fit, horizon, levels, { seed: seed + i, npaths: opts.simulations });
        return { id, mean: f.mean, intervals: f.intervals };
      });
    },
    fits() {
      if (!fitted) throw new ModelStateError("ets: fits requested before fit");
      return fitted.map((f) => f.fit);
    },
    specFactory(): ForecasterFactory {
      if (!fitted) throw new ModelStateError("ets: specFactory() before fit");
      const specs = new Map<string, { model: string; damped: boolean }>();
      for (const f of fitted) {
        const form = formOf(f.fit);
        if (form) specs.set(f.id, form);
      }
      return () => createEtsForecaster({ ...opts, specs });
    },
  };
}

export { toJSON, fromJSON, type EtsFitJson } from "./serialize";
