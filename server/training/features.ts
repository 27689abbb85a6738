/**
 * The feature spec of a training job: the GBDT forecaster's defaults for a timed series (lags, target-aligned
 * seasonal lags, rolling statistics, Fourier terms and calendar features; ml/features/spec.ts), computed up
 * front so the job can record and hash it before fitting. The export step checks the fitted model used this
 * exact spec.
 */
import { createFeatureSpec, historyNeeded, type FeatureSpec } from "@/ml/features/spec";
import { TrainingDataError } from "./errors";
import { sha256Of, stableStringify } from "./hash";

export function trainingFeatureSpec(params: { seasonLengths: number[]; horizon: number; covariates?: TrainingCovariates }): FeatureSpec {
  return createFeatureSpec({
    calendar: true,
    fourierOrder: 2,
    strategy: "direct",
    seasonLengths: params.seasonLengths,
    horizon: params.horizon,
    ...covariateFeatures(params.covariates),
  });
}

/** Covariate metric names as the feature spec takes them. */
export interface TrainingCovariates {
  past: string[];
  future: string[];
}

/** The GBDT forecaster's feature overrides for the covariates (empty when there are none). */
export function covariateFeatures(c: TrainingCovariates | undefined): { pastCovariates?: string[]; futureCovariates?: string[] } {
  return c && (c.past.length || c.future.length) ? { pastCovariates: c.past, futureCovariates: c.future } : {};
}

export function featureSpecHash(spec: FeatureSpec): string {
  return sha256Of(stableStringify(spec));
}

/** Fewest points a GBDT run needs: one training row per backtest fold plus a validation split. */
export function pointsNeeded(spec: FeatureSpec, windows: number): number {
  return historyNeeded(spec) + spec.horizon * (windows + 2);
}

/** Refuses series too short to build one training row per backtest fold plus a validation split. */
export function checkTrainable(spec: FeatureSpec, length: number, windows: number): void {
  const need = pointsNeeded(spec, windows);
  if (length < need) {
    throw new TrainingDataError(
      `series has ${length} points; horizon ${spec.horizon} with seasons ${spec.seasonLengths.join("/")} and ${windows} backtest windows needs at least ${need}`,
    );
  }
}
