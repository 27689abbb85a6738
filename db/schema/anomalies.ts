import { doublePrecision, index, integer, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { series } from "./assets";
import { users } from "./auth";

export const anomalyKind = pgEnum("anomaly_kind", ["spike_above", "spike_below", "level_shift", "stuck", "gap"]);
export const ANOMALY_KIND_VALUES = anomalyKind.enumValues;

/**
 * Anomalies found in stored readings as they arrive (ingestion). One row per series and timestamp: a
 * re-check of the same readings updates it instead of adding a second.
 */
export const anomalies = pgTable(
  "anomalies",
  {
    id: uuid().primaryKey().defaultRandom(),
    seriesId: uuid()
      .notNull()
      .references(() => series.id, { onDelete: "cascade" }),
    ts: timestamp({ withTimezone: true, mode: "date" }).notNull(),
    kind: anomalyKind().notNull(),
    /** The reading (null for a gap). */
    value: doublePrecision(),
    expected: doublePrecision(),
    lower: doublePrecision(),
    upper: doublePrecision(),
    score: doublePrecision().notNull(),
    /** Readings covered: 1 for a spike, the run or gap length otherwise. */
    length: integer().notNull().default(1),
    reason: text().notNull(),
    /** `model` (the champion's interval) or `seasonal-baseline`. */
    method: text().notNull(),
    detectedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    acknowledgedAt: timestamp({ withTimezone: true }),
    acknowledgedBy: uuid().references(() => users.id, { onDelete: "set null" }),
  },
  (t) => [uniqueIndex("anomalies_series_ts_unique").on(t.seriesId, t.ts), index("anomalies_detected_at_idx").on(t.detectedAt)],
);
