/**
 * Drift as a time series: one `drift_scores` row per (champion version, subject, statistic) each time the
 * drift job (inngest/jobs/compute-drift.ts, server/monitoring/compute-drift.ts) runs, so the monitoring and
 * version pages chart a score against its thresholds over time and the alert rules read stored scores
 * instead of recomputing them at request time.
 *
 * - `kind` input: a distribution test of the target or a covariate, the current window against the
 *   training window (ml/drift, Evidently's default choice of statistic), plus the PSI of the same samples;
 *   residual: realised step-1 MAE ÷ backtest step-1 MAE; staleness: expected intervals with no new point.
 * - `band` is where the value falls against `threshold` (and `thresholdHigh` for the two-band PSI):
 *   ok, warning (PSI between 0.1 and 0.25) or drift.
 *
 * `(model_version_id, subject, statistic, computed_at)` is unique: a retried job step writes its scores once.
 */
import { bigserial, boolean, doublePrecision, index, integer, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { assets } from "./assets";
import { models, modelVersions } from "./registry";

export const driftKind = pgEnum("drift_kind", ["input", "residual", "staleness"]);
export const DRIFT_KINDS = driftKind.enumValues;

export const driftStatistic = pgEnum("drift_statistic", ["ks", "chi_squared", "z", "wasserstein", "jensen_shannon", "psi", "mae_ratio", "missed_intervals"]);
export const DRIFT_STATISTICS = driftStatistic.enumValues;

export const driftBand = pgEnum("drift_band", ["ok", "warning", "drift"]);
export const DRIFT_BANDS = driftBand.enumValues;

export const driftScores = pgTable(
  "drift_scores",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    modelId: uuid()
      .notNull()
      .references(() => models.id, { onDelete: "cascade" }),
    modelVersionId: uuid()
      .notNull()
      .references(() => modelVersions.id, { onDelete: "cascade" }),
    assetId: uuid()
      .notNull()
      .references(() => assets.id, { onDelete: "cascade" }),
    kind: driftKind().notNull(),
    /** The metric tested: the target's or a covariate's name; `residual` / `staleness` for those kinds. */
    subject: text().notNull(),
    /** Whether `subject` is the model's target (false: a covariate, or a model-level score). */
    isTarget: boolean().notNull(),
    statistic: driftStatistic().notNull(),
    value: doublePrecision().notNull(),
    /** KS / chi-squared: the p-value (drift below `threshold`); the other statistics are the score itself. */
    pValue: doublePrecision(),
    /** Drift at or above it (below it for a p-value test); PSI's lower band (0.1). */
    threshold: doublePrecision().notNull(),
    /** PSI's upper band (0.25); null for one-threshold statistics. */
    thresholdHigh: doublePrecision(),
    band: driftBand().notNull(),
    referenceFrom: timestamp({ withTimezone: true }),
    referenceTo: timestamp({ withTimezone: true }),
    currentFrom: timestamp({ withTimezone: true }),
    currentTo: timestamp({ withTimezone: true }),
    referenceSize: integer(),
    currentSize: integer(),
    computedAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex("drift_scores_version_subject_statistic_at_unique").on(t.modelVersionId, t.subject, t.statistic, t.computedAt),
    index("drift_scores_model_at_idx").on(t.modelId, t.computedAt),
    index("drift_scores_at_idx").on(t.computedAt),
  ],
);
