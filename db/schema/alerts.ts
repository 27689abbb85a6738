/**
 * Alerts: rules evaluated on a schedule (inngest/jobs/evaluate-alerts.ts), the events they raise (the in-app
 * inbox reads them, with a read mark per user), webhook endpoints, and the delivery outbox with its log of
 * attempts (webhooks and email).
 *
 * `alert_events.dedupe_key` (rule + scope + window bucket) is unique, so an evaluation that is retried or runs
 * twice at once raises an event once; `alert_deliveries (event, channel, target)` is unique for the same reason.
 */
import { boolean, doublePrecision, index, integer, jsonb, pgEnum, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { assets } from "./assets";
import { users } from "./auth";
import { jobRuns } from "./jobs";
import { models } from "./registry";

export const alertMetric = pgEnum("alert_metric", [
  "coverage_below_promise",
  "accuracy_drift",
  "input_drift",
  "ingest_failure",
  "stale_source",
  "job_failure",
  "anomaly_rate",
  "data_staleness",
]);
export const ALERT_METRICS = alertMetric.enumValues;
export type AlertMetric = (typeof ALERT_METRICS)[number];

export const alertScope = pgEnum("alert_scope", ["all", "asset", "model"]);
export const ALERT_SCOPES = alertScope.enumValues;

export const alertChannel = pgEnum("alert_channel", ["webhook", "email"]);
export const ALERT_CHANNELS = alertChannel.enumValues;

export const alertDeliveryStatus = pgEnum("alert_delivery_status", ["pending", "delivered", "failed"]);
export const ALERT_DELIVERY_STATUSES = alertDeliveryStatus.enumValues;

/** Where a rule's events go besides the inbox (every event is in the inbox). */
export interface AlertRuleChannels {
  webhookEndpointIds: string[];
  emails: string[];
}

export const alertRules = pgTable(
  "alert_rules",
  {
    id: uuid().primaryKey().defaultRandom(),
    name: text().notNull(),
    metric: alertMetric().notNull(),
    /** The rule fires when the metric's value is at or above this (units per metric: server/alerts/metrics.ts). */
    threshold: doublePrecision().notNull(),
    /** How far back the metric looks, and the width of the dedupe bucket. */
    windowMinutes: integer().notNull(),
    /** No second event for the same rule and scope until this long after the last one. */
    cooldownMinutes: integer().notNull(),
    scope: alertScope().notNull().default("all"),
    assetId: uuid().references(() => assets.id, { onDelete: "cascade" }),
    modelId: uuid().references(() => models.id, { onDelete: "cascade" }),
    channels: jsonb().$type<AlertRuleChannels>().notNull().default({ webhookEndpointIds: [], emails: [] }),
    enabled: boolean().notNull().default(true),
    /** Start a train-model job for the model an event of this rule is about. */
    openRetrainJob: boolean().notNull().default(false),
    lastEvaluatedAt: timestamp({ withTimezone: true }),
    createdBy: uuid().references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("alert_rules_name_unique").on(t.name)],
);

export const alertEvents = pgTable(
  "alert_events",
  {
    id: uuid().primaryKey().defaultRandom(),
    ruleId: uuid()
      .notNull()
      .references(() => alertRules.id, { onDelete: "cascade" }),
    /** What the event is about: `all`, `asset:<id>`, `model:<id>` or `source:<id>`. */
    scopeKey: text().notNull(),
    assetId: uuid().references(() => assets.id, { onDelete: "set null" }),
    modelId: uuid().references(() => models.id, { onDelete: "set null" }),
    value: doublePrecision().notNull(),
    threshold: doublePrecision().notNull(),
    message: text().notNull(),
    /** `<rule>:<scopeKey>:<window bucket>`: one event per bucket whatever retries. */
    dedupeKey: text().notNull(),
    /** The train-model run an event of a retrain rule started. */
    retrainRunId: uuid().references(() => jobRuns.id, { onDelete: "set null" }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("alert_events_dedupe_unique").on(t.dedupeKey),
    index("alert_events_rule_scope_created_idx").on(t.ruleId, t.scopeKey, t.createdAt),
    index("alert_events_created_idx").on(t.createdAt),
  ],
);

/** The inbox's read marks: one row per (event, user) once that user has read it. */
export const alertEventReads = pgTable(
  "alert_event_reads",
  {
    eventId: uuid()
      .notNull()
      .references(() => alertEvents.id, { onDelete: "cascade" }),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    readAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ name: "alert_event_reads_pk", columns: [t.eventId, t.userId] })],
);

export const webhookEndpoints = pgTable(
  "webhook_endpoints",
  {
    id: uuid().primaryKey().defaultRandom(),
    name: text().notNull(),
    url: text().notNull(),
    /** HMAC-SHA256 key of the X-Almanac-Signature header (kept in clear: signing needs it). */
    secret: text().notNull(),
    enabled: boolean().notNull().default(true),
    createdBy: uuid().references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("webhook_endpoints_name_unique").on(t.name)],
);

/** The outbox: one row per event and destination, with its retry state. */
export const alertDeliveries = pgTable(
  "alert_deliveries",
  {
    id: uuid().primaryKey().defaultRandom(),
    eventId: uuid()
      .notNull()
      .references(() => alertEvents.id, { onDelete: "cascade" }),
    channel: alertChannel().notNull(),
    endpointId: uuid().references(() => webhookEndpoints.id, { onDelete: "cascade" }),
    /** The endpoint id (webhook) or the address (email). */
    target: text().notNull(),
    status: alertDeliveryStatus().notNull().default("pending"),
    attempts: integer().notNull().default(0),
    nextAttemptAt: timestamp({ withTimezone: true }),
    lastStatusCode: integer(),
    lastError: text(),
    deliveredAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("alert_deliveries_event_target_unique").on(t.eventId, t.channel, t.target),
    index("alert_deliveries_due_idx").on(t.status, t.nextAttemptAt),
  ],
);

/** The delivery log: every attempt, successful or not. */
export const alertDeliveryAttempts = pgTable(
  "alert_delivery_attempts",
  {
    id: uuid().primaryKey().defaultRandom(),
    deliveryId: uuid()
      .notNull()
      .references(() => alertDeliveries.id, { onDelete: "cascade" }),
    attempt: integer().notNull(),
    statusCode: integer(),
    error: text(),
    durationMs: integer().notNull(),
    /** When the next attempt is due (null: delivered, or out of attempts). */
    nextAttemptAt: timestamp({ withTimezone: true }),
    attemptedAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex("alert_delivery_attempts_delivery_attempt_unique").on(t.deliveryId, t.attempt)],
);
