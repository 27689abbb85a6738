/**
 * The default `auto`: sorts a panel into groups that need different treatment, plans the candidate models for
 * each group from what its data can support, and runs the selection engine (./auto.ts) on each group.
 *
 * Groups (per series, by its observed length n, the season length m and its zeros):
 *   - "tiny" (n ≤ 3): too short to validate anything; the last value, with a random-walk band whose step is
 *     the mean absolute change (n ≥ 2) or, for one point, the panel's typical relative scale;
 *   - "intermittent" (non-negative with mean inter-demand interval ≥ 1.32, Syntetos & Boylan 2005): Croston,
 *     SBA, TSB against naive and Theta;
 *   - "short" (m > 1 but n < 2m): fitted as non-seasonal, since one season cannot be told from noise;
 *   - "regular": the rest.
 * Candidates (planCandidates): seasonal naive or naive, Theta, ETS (m ≤ 24) and ARIMA (m ≤ 12) when
 * registered, MSTL for long or multiple seasons, and their mean/median combinations, which were strong across
 * the M competitions. Global models (GBDT, ridge) join only when the group is a real panel: at least
 * GLOBAL_MIN_SERIES series with a median length of at least 10 horizons and 3 seasons; two unrelated series
 * must not share a fit. Short groups get more, overlapping, backtest origins so one lucky window does not pick
 * a wild model; the engine's margin shrinks each series toward the group's overall best candidate.
 */
import { InvalidInputError, ModelStateError } from "../errors";
import { createIntermittentForecaster } from "../models/intermittent";
import { createMstlForecaster } from "../models/augurs-models";
import { createNaiveForecaster } from "../models/naive";
import { getFactory, modelNames } from "../models/registry";
import { createSeasonalNaiveForecaster } from "../models/seasonal-naive";
import { createThetaForecaster } from "../models/theta";
import type { FitContext, Forecast, Forecaster, ForecasterFactory, Series } from "../types";
import { median } from "../stats/quantile";
import { createAutoForecaster, randomWalkBand, residualScale, type AutoReport, type Candidate, type Combination } from "./auto";
import { defaultMinTrain } from "./rolling-origin";

export type SeriesGroup = "tiny" | "intermittent" | "short" | "regular";

/** Fewest series (of one frequency) for which a global model may fit across them. */
export const GLOBAL_MIN_SERIES = 20;
/** Mean interval between demands at or above which a non-negative series is intermittent. */
const INTERMITTENT_ADI = 1.32;

export interface PanelAutoOptions {
  /** Global models by registry name (ml/models/global-models.ts); omitted = local models only. */
  globals?: Map<string, ForecasterFactory>;
  /** Backtest origins; default from the group's lengths (3 overlapping for short series, else 2). */
  windows?: number;
  /** Restrict the candidates to these names (each must be available for some group). */
  only?: string[];
  workers?: number;
  levels?: number[];
  /** See AutoOptions.selectMargin. */
  selectMargin?: number;
  /**
   * Add the Box–Cox variants of ETS and ARIMA (Guerrero's λ per series; ml/models/box-cox) as candidates where the
   * classical family competes (default false: on M1 they did not earn their cost — ml/README.md).
   */
  boxCox?: boolean;
  /** See AutoOptions.calibrationDecay. */
  calibrationDecay?: number;
  /** See AutoOptions.onCandidate: called after each candidate's backtest. */
  onCandidate?: (event: { name: string; seconds: number }) => void;
}

export interface GroupReport {
  series: number;
  candidates: string[];
  windows: number;
  step: number;
  validationMase: Record<string, number>;
}

export interface PanelAutoReport extends AutoReport {
  /** Per series (input order): its group. */
  group: SeriesGroup[];
  groups: Partial<Record<SeriesGroup, GroupReport>>;
}

function observed(values: Float64Array): { n: number; zeros: number; negative: boolean } {
  let first = 0;
  while (first < values.length && !Number.isFinite(values[first])) first++;
  let n = 0;
  let zeros = 0;
  let negative = false;
  for (let t = first; t < values.length; t++) {
    const v = values[t];
    if (!Number.isFinite(v)) continue;
    n++;
    if (v === 0) zeros++;
    if (v < 0) negative = true;
  }
  return { n, zeros, negative };
}

export function classifySeries(s: Series, seasonLength: number): SeriesGroup {
  const { n, zeros, negative } = observed(s.values);
  if (n <= 3) return "tiny";
  const nonZero = n - zeros;
  if (!negative && nonZero > 0 && n / nonZero >= INTERMITTENT_ADI && n >= 8) return "intermittent";
  if (seasonLength > 1 && n < 2 * seasonLength) return "short";
  return "regular";
}

const registered = (name: string) => modelNames().includes(name);
const local = (name: string, factory: ForecasterFactory, model = name): Candidate => ({ name, factory, model, local: true });

export interface CandidatePlan {
  candidates: Candidate[];
  combinations: Combination[];
  windows: number;
  step: number;
  /** Weight of a backtest window's calibration scores relative to the next newer one (AutoOptions.calibrationDecay). */
  calibrationDecay: number;
}

/** The candidates and validation scheme for one group of series sharing a fit context. */
export function planCandidates(series: Series[], ctx: FitContext, group: SeriesGroup, opts: PanelAutoOptions = {}): CandidatePlan {
  const H = ctx.horizon;
  const m = ctx.seasonLengths[0] ?? 1;
  const seasons = ctx.seasonLengths.filter((p) => p > 1).length;
  const medianLen = median(series.map((s) => observed(s.values).n));
  let candidates: Candidate[] = [];
  const combinations: Combination[] = [];
  if (group === "intermittent") {
    candidates.push(local("naive", createNaiveForecaster));
    for (const method of ["croston", "sba", "tsb"] as const) candidates.push(local(method, () => createIntermittentForecaster({ method })));
    candidates.push(local("theta", () => createThetaForecaster()));
  } else {
    candidates.push(m > 1 ? local("seasonal-naive", () => createSeasonalNaiveForecaster()) : local("naive", createNaiveForecaster));
    const longSeason = m > 12 || seasons > 1;
    const globalOk = !!opts.globals && series.length >= GLOBAL_MIN_SERIES && medianLen >= Math.max(10 * H, 3 * m);
    if (longSeason) candidates.push(local("mstl", () => createMstlForecaster()));
    // A big panel with long seasons (hourly meters) is where the global models win (M4 Hourly); there the
    // classical seasonal models only add cost. Everywhere else the classical family competes.
    if (!(longSeason && globalOk)) {
      candidates.push(local("theta", () => createThetaForecaster()));
      if (registered("ets") && m <= 24) candidates.push(local("ets", getFactory("ets")));
      if (registered("arima") && m <= 12) candidates.push(local("arima", getFactory("arima")));
      if (opts.boxCox && m <= 24) candidates.push(local("ets-boxcox", getFactory("ets-boxcox")));
      if (opts.boxCox && m <= 12) candidates.push(local("arima-boxcox", getFactory("arima-boxcox")));
    }
    if (globalOk && opts.globals) {
      const gbdt = opts.globals.has("gbdt-direct-fast") ? "gbdt-direct-fast" : "gbdt-direct";
      for (const name of [gbdt, "ridge"]) {
        const f = opts.globals.get(name);
        if (f) candidates.push({ name, factory: f, model: name });
      }
    }
  }
  if (opts.only) {
    const only = opts.only;
    candidates = candidates.filter((c) => only.includes(c.name));
    if (candidates.length === 0) candidates.push(m > 1 && group !== "intermittent" ? local("seasonal-naive", () => createSeasonalNaiveForecaster()) : local("naive", createNaiveForecaster));
  }
  const have = new Set(candidates.map((c) => c.name));
  const addCombo = (how: "mean" | "median", members: string[]) => {
    if (members.every((n) => have.has(n))) combinations.push({ name: `${how}(${members.join(",")})`, members, how });
  };
  addCombo("median", ["ets", "arima", "theta"]);
  addCombo("mean", ["ets", "arima", "theta"]);
  addCombo("mean", ["ets", "theta"]);
  addCombo("mean", ["arima", "theta"]);
  addCombo("mean", ["ets", "arima"]);
  const gbdt = [...have].find((n) => n.startsWith("gbdt-"));
  if (gbdt) {
    addCombo("mean", ["mstl", gbdt]);
    addCombo("mean", [gbdt, "ridge"]);
    addCombo("mean", ["mstl", "ridge"]);
  }
  addCombo("mean", ["seasonal-naive", "mstl"]);
  if (candidates.length >= 3 && !have.has("ets")) combinations.push({ name: "median(all)", members: candidates.map((c) => c.name), how: "median" });
  // Short panels: three origins half a horizon apart; long ones: two, a horizon apart (tuned on M4 Hourly).
  const short = medianLen < 10 * H;
  const step = short ? Math.max(1, Math.ceil(H / 2)) : H;
  let windows = short ? 3 : 2;
  // A handful of series gives few validation errors per origin: add origins (up to 8, as far as the median
  // series' length allows after the first one's training part) so the choice rests on about 16 windows of
  // evidence, not on one or two lucky ones.
  if (series.length < 8) {
    const fit = Math.floor((medianLen - defaultMinTrain(m, H) - H) / step) + 1;
    windows = Math.max(windows, Math.min(8, Math.ceil(16 / series.length), fit));
  }
  // Short series: the oldest origins are fitted on far less history than the final fit (monthly M1: 36 points
  // fewer of ~70), so their errors overstate the final model's; they count half as much as the next newer
  // window's (weighted conformal). Long series lose little history per origin and weigh every window alike.
  // Measured on M1 (95 % coverage yearly/quarterly/monthly 94.3/93.6/97.1 % → 94.4/94.6/96.9 %, ml/README.md).
  const calibrationDecay = opts.calibrationDecay ?? (short ? 0.5 : 1);
  return { candidates, combinations, windows: opts.windows ?? windows, step, calibrationDecay };
}

/**
 * A tiny series: its last value, with a random-walk band whose step is its mean absolute change, or (one point)
 * `relativeScale` times its level (1 for a lone zero).
 */
function tinyForecast(s: Series, horizon: number, levels: number[], relativeScale: number): Forecast {
  const v = [...s.values].filter(Number.isFinite);
  const last = v.length ? v[v.length - 1] : 0;
  let scale = Math.abs(last) > 0 ? Math.abs(last) * relativeScale : 1;
  if (v.length >= 2) {
    let a = 0;
    for (let t = 1; t < v.length; t++) a += Math.abs(v[t] - v[t - 1]);
    scale = a / (v.length - 1) || scale;
  }
  const mean = new Float64Array(horizon).fill(last);
  return { id: s.id, mean, intervals: levels.map((level) => ({ level, ...randomWalkBand(mean, scale, level) })) };
}

export function createPanelAutoForecaster(opts: PanelAutoOptions = {}): Forecaster & { report(): PanelAutoReport } {
  let state: {
    series: Series[];
    group: SeriesGroup[];
    parts: { group: SeriesGroup; indices: number[]; auto: ReturnType<typeof createAutoForecaster> | null; plan: CandidatePlan | null }[];
    /** Relative scale (scale / mean level) typical of the panel, for one-point series. */
    relativeScale: number;
    seconds: Record<string, number>;
  } | null = null;

  return {
    name: "auto",
    async fit(series: Series[], ctx: FitContext) {
      if (series.length === 0) throw new InvalidInputError("auto needs at least one series", { field: "series" });
      for (const name of opts.only ?? []) {
        if (!modelNames().includes(name) && !opts.globals?.has(name)) {
          throw new InvalidInputError(`auto candidate "${name}" is not available (have: ${[...modelNames(), ...(opts.globals?.keys() ?? [])].join(", ")})`, { field: "candidates" });
        }
      }
      const m = ctx.seasonLengths[0] ?? 1;
      const group = series.map((s) => classifySeries(s, m));
      const order: SeriesGroup[] = ["regular", "short", "intermittent", "tiny"];
      const parts: NonNullable<typeof state>["parts"] = [];
      const seconds: Record<string, number> = {};
      for (const g of order) {
        const indices = group.flatMap((x, i) => (x === g ? [i] : []));
        if (indices.length === 0) continue;
        if (g === "tiny") {
          parts.push({ group: g, indices, auto: null, plan: null });
          continue;
        }
        const sub = indices.map((i) => series[i]);
        const subCtx: FitContext = g === "short" || g === "intermittent" ? { ...ctx, seasonLengths: [] } : ctx;
        const plan = planCandidates(sub, subCtx, g, opts);
        const auto = createAutoForecaster({
          candidates: plan.candidates,
          combinations: plan.combinations,
          windows: plan.windows,
          step: plan.step,
          levels: opts.levels,
          workers: opts.workers,
          selectMargin: opts.selectMargin,
          calibrationDecay: plan.calibrationDecay,
          onCandidate: opts.onCandidate,
          select: "series",
        });
        await auto.fit(sub, subCtx);
        for (const [k, v] of Object.entries(auto.report().seconds)) seconds[k] = (seconds[k] ?? 0) + v;
        parts.push({ group: g, indices, auto, plan });
      }
      const rel = series
        .map((s) => {
          const v = [...s.values].filter(Number.isFinite);
          const level = v.reduce((a, x) => a + Math.abs(x), 0) / (v.length || 1);
          return v.length >= 4 && level > 0 ? residualScale(s.values, m) / level : NaN;
        })
        .filter(Number.isFinite);
      state = { series, group, parts, relativeScale: rel.length ? median(rel) : 0.1, seconds };
    },
    async forecast(horizon: number, levels: number[]): Promise<Forecast[]> {
      if (!state) throw new ModelStateError("auto: forecast called before fit");
      const out: Forecast[] = new Array(state.series.length);
      for (const p of state.parts) {
        if (!p.auto) {
          for (const i of p.indices) out[i] = tinyForecast(state.series[i], horizon, levels, state.relativeScale);
          continue;
        }
        const fs = await p.auto.forecast(horizon, levels);
        p.indices.forEach((i, k) => (out[i] = fs[k]));
      }
      return out;
    },
    report(): PanelAutoReport {
      if (!state) throw new ModelStateError("auto: report() before fit");
      const n = state.series.length;
      const chosen = new Array<string>(n).fill("last-value");
      const intervalSource: AutoReport["intervalSource"] = new Array(n).fill("random-walk");
      const failures: AutoReport["failures"] = [];
      const validationMase: Record<string, number> = {};
      const candidateMetrics: PanelAutoReport["candidateMetrics"] = {};
      const groups: PanelAutoReport["groups"] = {};
      let calibrationCount = 0;
      for (const p of state.parts) {
        if (!p.auto || !p.plan) {
          groups[p.group] = { series: p.indices.length, candidates: ["last-value"], windows: 0, step: 0, validationMase: {} };
          continue;
        }
        const r = p.auto.report();
        p.indices.forEach((i, k) => {
          chosen[i] = r.chosen[k];
          intervalSource[i] = r.intervalSource[k];
        });
        failures.push(...r.failures);
        calibrationCount += r.calibrationCount;
        // Overall validation MASE: weighted by the group's size, so it reads as a panel mean.
        for (const [k, v] of Object.entries(r.validationMase)) validationMase[`${p.group}:${k}`] = v;
        for (const [k, v] of Object.entries(r.candidateMetrics)) candidateMetrics[`${p.group}:${k}`] = v;
        groups[p.group] = { series: p.indices.length, candidates: p.plan.candidates.map((c) => c.name), windows: p.plan.windows, step: p.plan.step, validationMase: r.validationMase };
      }
      return { chosen, intervalSource, failures, validationMase, candidateMetrics, seconds: state.seconds, calibrationCount, group: state.group, groups };
    },
  };
}
