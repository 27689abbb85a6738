/** Request and response shapes of the alerts domain: rules, the inbox, webhook endpoints and the delivery log. */
import { z } from "zod";
import { alertChannel, alertDeliveryStatus, alertMetric, alertScope } from "@/db/schema";

export const alertMetricSchema = z.enum(alertMetric.enumValues);
export const alertScopeSchema = z.enum(alertScope.enumValues);
export const alertChannelSchema = z.enum(alertChannel.enumValues);
export const alertDeliveryStatusSchema = z.enum(alertDeliveryStatus.enumValues);

/** What each metric's value is, for the form and the docs (a rule fires when value ≥ threshold). */
export const ALERT_METRIC_UNITS: Record<z.infer<typeof alertMetricSchema>, string> = {
  coverage_below_promise: "percentage points of coverage below the promised level (worst level)",
  accuracy_drift: "realised step-1 MAE ÷ backtest step-1 MAE",
  input_drift: "PSI since training against the training window (worst of the target and its covariates)",
  ingest_failure: "failed ingest runs in the window",
  stale_source: "minutes since the source last ran",
  job_failure: "failed job runs in the window",
  anomaly_rate: "anomalies detected per hour in the window",
  data_staleness: "expected intervals with no new reading of the target",
};

export const alertRuleChannelsSchema = z.object({
  webhookEndpointIds: z.array(z.uuid()).max(20).default([]),
  emails: z.array(z.email()).max(20).default([]),
});

const ruleFields = {
  name: z.string().trim().min(1).max(120),
  metric: alertMetricSchema,
  threshold: z.number().finite(),
  windowMinutes: z.number().int().min(1).max(60 * 24 * 90),
  cooldownMinutes: z.number().int().min(0).max(60 * 24 * 90),
  scope: alertScopeSchema.default("all"),
  assetId: z.uuid().nullish(),
  modelId: z.uuid().nullish(),
  channels: alertRuleChannelsSchema.default({ webhookEndpointIds: [], emails: [] }),
  enabled: z.boolean().default(true),
  openRetrainJob: z.boolean().default(false),
};

/** A rule's scope names its id: asset scope needs assetId, model scope modelId, `all` neither. */
function checkScope(v: { scope?: string; assetId?: string | null; modelId?: string | null }, ctx: z.RefinementCtx) {
  if (v.scope === "asset" && !v.assetId) ctx.addIssue({ code: "custom", path: ["assetId"], message: "asset scope needs assetId" });
  if (v.scope === "model" && !v.modelId) ctx.addIssue({ code: "custom", path: ["modelId"], message: "model scope needs modelId" });
  if (v.scope === "all" && (v.assetId || v.modelId)) ctx.addIssue({ code: "custom", path: ["scope"], message: "scope all takes no assetId or modelId" });
}

export const createAlertRuleInput = z.object(ruleFields).superRefine(checkScope);
export type CreateAlertRuleInput = z.input<typeof createAlertRuleInput>;

/** A patch: the fields given replace the rule's, the rest stay (the merged rule is checked like a new one). */
export const updateAlertRuleInput = z.object({
  id: z.uuid(),
  name: ruleFields.name.optional(),
  metric: alertMetricSchema.optional(),
  threshold: ruleFields.threshold.optional(),
  windowMinutes: ruleFields.windowMinutes.optional(),
  cooldownMinutes: ruleFields.cooldownMinutes.optional(),
  scope: alertScopeSchema.optional(),
  assetId: z.uuid().nullish(),
  modelId: z.uuid().nullish(),
  channels: z.object({ webhookEndpointIds: z.array(z.uuid()).max(20), emails: z.array(z.email()).max(20) }).optional(),
  enabled: z.boolean().optional(),
  openRetrainJob: z.boolean().optional(),
});
export type UpdateAlertRuleInput = z.input<typeof updateAlertRuleInput>;

export const alertRuleIdInput = z.object({ id: z.uuid() });

export const alertRuleSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  metric: alertMetricSchema,
  threshold: z.number(),
  windowMinutes: z.number().int(),
  cooldownMinutes: z.number().int(),
  scope: alertScopeSchema,
  assetId: z.uuid().nullable(),
  modelId: z.uuid().nullable(),
  channels: z.object({ webhookEndpointIds: z.array(z.uuid()), emails: z.array(z.string()) }),
  enabled: z.boolean(),
  openRetrainJob: z.boolean(),
  lastEvaluatedAt: z.date().nullable(),
  createdAt: z.date(),
  updatedAt: z.date(),
});
export type AlertRuleView = z.infer<typeof alertRuleSchema>;
export const listAlertRulesOutput = z.array(alertRuleSchema);

export const alertEventSchema = z.object({
  id: z.uuid(),
  ruleId: z.uuid(),
  ruleName: z.string(),
  metric: alertMetricSchema,
  scopeKey: z.string(),
  assetId: z.uuid().nullable(),
  modelId: z.uuid().nullable(),
  value: z.number(),
  threshold: z.number(),
  message: z.string(),
  retrainRunId: z.uuid().nullable(),
  createdAt: z.date(),
  /** When the signed-in user read it; null while unread. */
  readAt: z.date().nullable(),
});
export type AlertEventView = z.infer<typeof alertEventSchema>;

export const listInboxInput = z
  .object({ unreadOnly: z.boolean().default(false), limit: z.number().int().min(1).max(200).default(50), before: z.date().optional() })
  .default({ unreadOnly: false, limit: 50 });
export const listInboxOutput = z.object({ items: z.array(alertEventSchema), unread: z.number().int() });
export const unreadCountOutput = z.object({ unread: z.number().int() });
export const markReadInput = z.union([z.object({ ids: z.array(z.uuid()).min(1).max(500) }), z.object({ all: z.literal(true) })]);
export const markReadOutput = z.object({ marked: z.number().int(), unread: z.number().int() });

export const createWebhookEndpointInput = z.object({
  name: z.string().trim().min(1).max(120),
  url: z.url({ protocol: /^https?$/ }).max(2048),
  enabled: z.boolean().default(true),
});
export const webhookEndpointSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  url: z.string(),
  enabled: z.boolean(),
  /** Only the last four characters, except in the answer to creation. */
  secretHint: z.string(),
  createdAt: z.date(),
});
export const createdWebhookEndpointSchema = webhookEndpointSchema.extend({ secret: z.string() });
export const listWebhookEndpointsOutput = z.array(webhookEndpointSchema);
export const webhookEndpointIdInput = z.object({ id: z.uuid() });

export const listDeliveriesInput = z.object({ eventId: z.uuid().optional(), limit: z.number().int().min(1).max(200).default(50) }).default({ limit: 50 });
export const deliveryAttemptSchema = z.object({
  attempt: z.number().int(),
  statusCode: z.number().int().nullable(),
  error: z.string().nullable(),
  durationMs: z.number().int(),
  nextAttemptAt: z.date().nullable(),
  attemptedAt: z.date(),
});
export const deliverySchema = z.object({
  id: z.uuid(),
  eventId: z.uuid(),
  channel: alertChannelSchema,
  target: z.string(),
  status: alertDeliveryStatusSchema,
  attempts: z.number().int(),
  nextAttemptAt: z.date().nullable(),
  lastStatusCode: z.number().int().nullable(),
  lastError: z.string().nullable(),
  deliveredAt: z.date().nullable(),
  createdAt: z.date(),
  log: z.array(deliveryAttemptSchema),
});
export type DeliveryView = z.infer<typeof deliverySchema>;
export const listDeliveriesOutput = z.array(deliverySchema);

/** Payload of the evaluate-alerts job (cron every 5 minutes; `now` only for replays and tests). */
export const evaluateAlertsPayloadSchema = z.object({ now: z.iso.datetime().optional() });
