/**
 * A fitted local model (one series alone) as plain JSON, and its forecast from a later origin without a new
 * search. This is what the app stores as a state artifact for the classical models `auto` may choose:
 *
 * - `ets`, `arima`: the fitted parameters and the state at the end of training; serving filters the newer
 *   observations through the model with the parameters fixed (ets `update`, `updateArima`) and forecasts.
 * - `refit`: models with no search and closed-form or near-closed-form fits (naive, seasonal naive, drift,
 *   Theta, MSTL, Croston/SBA/TSB): the registry name; serving fits it again on the recent history, which is
 *   that model's definition (Theta's SES level is the last smoothed value of the data it is given).
 * - `combination`: the mean or median of members, each stored as above.
 *
 * Every state forecasts exactly what the model fitted at training forecast at the training origin
 * (`forecastLocalState` with no new values); the app checks that parity before it registers a version.
 */
import { InvalidInputError } from "../../errors";
import { combine, type Combiner } from "../ensemble";
import { createEtsForecaster, forecastEts, fromJSON as etsFromJSON, toJSON as etsToJSON, update as etsUpdate, type EtsFitJson } from "../ets";
import { arimaFromJSON, arimaToJSON, createArimaForecaster, forecastArima, updateArima, type ArimaModelJSON } from "../arima";
import { createModel, modelNames } from "../registry";
import type { FitContext, Series } from "../../types";

export type LocalModelState =
  | { kind: "ets"; fit: EtsFitJson }
  | { kind: "arima"; model: ArimaModelJSON }
  | { kind: "refit"; model: string }
  | { kind: "combination"; how: Combiner; members: { name: string; state: LocalModelState }[] };

/** Candidates `auto` names that this module can store (registry local models and their combinations). */
const SEARCHED = new Set(["ets", "arima"]);

/** "median(ets,arima,theta)" → its combiner and members; null for a plain model name. */
export function parseCombinationName(name: string): { how: Combiner; members: string[] } | null {
  const m = /^(mean|median)\((.+)\)$/.exec(name);
  if (!m) return null;
  return { how: m[1] as Combiner, members: m[2].split(",").map((s) => s.trim()) };
}

/**
 * Fits `name` (a registry local model or a combination "mean(a,b)" / "median(a,b,c)") on the whole series and
 * returns its state. `allCandidates` resolves "median(all)". The context is the one the model was selected with.
 */
export async function fitLocalState(name: string, series: Series, ctx: FitContext, allCandidates: string[] = []): Promise<LocalModelState> {
  const combo = parseCombinationName(name);
  if (combo) {
    const members = combo.members.length === 1 && combo.members[0] === "all" ? allCandidates : combo.members;
    if (members.length === 0) throw new InvalidInputError(`combination "${name}" has no members`, { field: "model" });
    const states = [];
    for (const member of members) states.push({ name: member, state: await fitLocalState(member, series, ctx) });
    return { kind: "combination", how: combo.how, members: states };
  }
  if (name === "ets") {
    const f = createEtsForecaster({ seed: ctx.seed });
    await f.fit([series], ctx);
    return { kind: "ets", fit: etsToJSON(f.fits()[0]) };
  }
  if (name === "arima") {
    const f = createArimaForecaster();
    await f.fit([series], ctx);
    return { kind: "arima", model: arimaToJSON(f.models()[0]) };
  }
  if (!modelNames().includes(name) || SEARCHED.has(name)) {
    throw new InvalidInputError(`"${name}" cannot be stored as a local model state (known: ${modelNames().join(", ")}, and mean(…)/median(…) of them)`, { field: "model" });
  }
  return { kind: "refit", model: name };
}

export interface LocalForecastInput {
  /** The recent history ending at the forecast origin (refit kinds fit on it). */
  history: Series;
  /** Observations after the end of training, in order (NaN for missing steps); ets and arima filter them. */
  newValues: Float64Array;
  horizon: number;
  ctx: FitContext;
}

/** The state's mean forecast for steps 1..horizon from the end of `history`. */
export async function forecastLocalState(state: LocalModelState, input: LocalForecastInput): Promise<Float64Array> {
  const H = input.horizon;
  switch (state.kind) {
    case "ets": {
      const fit = etsUpdate(etsFromJSON(state.fit), input.newValues);
      // Only the mean is used (intervals come from the version's conformal calibration): no simulated paths.
      return forecastEts(fit, H, [], { seed: input.ctx.seed ?? 1 }).mean;
    }
    case "arima": {
      const model = updateArima(arimaFromJSON(state.model), input.newValues);
      return forecastArima(model, H, []).mean;
    }
    case "refit": {
      const f = createModel(state.model);
      await f.fit([input.history], input.ctx);
      const [out] = await f.forecast(H, []);
      return out.mean;
    }
    case "combination": {
      const means = [];
      for (const m of state.members) means.push(await forecastLocalState(m.state, input));
      return combine(means, state.how);
    }
  }
}

/** Registry names a state uses (for the version page and the manifest). */
export function stateModels(state: LocalModelState): string[] {
  if (state.kind === "combination") return state.members.flatMap((m) => stateModels(m.state));
  return [state.kind === "refit" ? state.model : state.kind];
}
