/**
 * Any model on the Box–Cox scale: each series is transformed with its own λ (Guerrero's, unless fixed), the inner
 * model is fitted and forecasts there, and the mean and interval bounds are transformed back (the back-transformed
 * mean is the forecast median, R's `biasadj = FALSE` default; bounds map exactly because the transform is
 * monotone). A series the transform does not apply to (values ≤ 0, under two seasons) is fitted untransformed
 * (λ null). λ is part of the specification: spec reuse (`SpecReuse`) keeps each
 * series' λ with the inner model's specification.
 */
import type { FitContext, Forecast, Forecaster, ForecasterFactory, Series, SpecReuse } from "../../types";
import { hasSpecReuse } from "../../types";
import { boxCox, guerreroLambda, invBoxCox } from "./box-cox";

export interface BoxCoxOptions {
  /** A fixed λ for every series (0 = log); default: Guerrero's per series. */
  lambda?: number;
}

export function createBoxCoxForecaster(name: string, inner: ForecasterFactory, opts: BoxCoxOptions = {}, known?: Map<string, number | null>): Forecaster & SpecReuse {
  let model: Forecaster | null = null;
  let lambdas: (number | null)[] = [];
  const byId = new Map<string, number | null>();
  const lambdaFor = (s: Series, m: number): number | null => {
    const kept = known?.get(s.id);
    if (kept !== undefined) return kept;
    if (opts.lambda !== undefined) return s.values.some((v) => v <= 0) ? null : opts.lambda;
    return guerreroLambda(s.values, m);
  };
  return {
    name,
    async fit(series: Series[], ctx: FitContext) {
      const m = ctx.seasonLengths[0] ?? 1;
      lambdas = series.map((s) => lambdaFor(s, m));
      series.forEach((s, i) => byId.set(s.id, lambdas[i]));
      const transformed = series.map((s, i) => {
        const l = lambdas[i];
        return l === null ? s : { ...s, values: boxCox(s.values, l) };
      });
      model = inner();
      await model.fit(transformed, ctx);
    },
    async forecast(horizon: number, levels: number[]): Promise<Forecast[]> {
      if (!model) throw new Error(`${name}: forecast called before fit`);
      const fs = await model.forecast(horizon, levels);
      return fs.map((f, i) => {
        const l = lambdas[i];
        if (l === null) return f;
        const mean = invBoxCox(f.mean, l);
        for (let h = 0; h < mean.length; h++) if (!Number.isFinite(mean[h])) mean[h] = NaN;
        return {
          id: f.id,
          mean,
          intervals: f.intervals.map((iv) => ({ level: iv.level, lower: invBoxCox(iv.lower, l), upper: invBoxCox(iv.upper, l) })),
          quantiles: f.quantiles ? new Map([...f.quantiles].map(([p, q]) => [p, invBoxCox(q, l)])) : undefined,
        };
      });
    },
    specFactory(): ForecasterFactory {
      const fitted = model;
      const innerSpec = fitted && hasSpecReuse(fitted) ? fitted.specFactory() : inner;
      const kept = new Map(byId);
      return () => createBoxCoxForecaster(name, innerSpec, opts, kept);
    },
  };
}

/** The name a Box–Cox variant of a model is registered under. */
export function boxCoxName(model: string): string {
  return `${model}-boxcox`;
}
