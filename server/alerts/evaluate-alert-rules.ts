/**
 * Evaluates every enabled rule: measures it (./measure-rule.ts) and raises an event for each subject at or
 * above the threshold, unless one was raised for the same rule and subject inside the cooldown. The event's
 * deliveries (webhooks, email) are queued in the same transaction; ./deliver-pending-alerts.ts sends them.
 *
 * Retries and concurrent evaluations raise an event once: the check-then-insert runs under a transaction-level
 * advisory lock per (rule, subject), and the event's dedupe key (rule, subject, window bucket of `now`) is
 * unique. A rule with `openRetrainJob` starts train-model for the event's model, with the event id as the
 * dispatch dedupe key, so a retried evaluation that finds the event already raised starts no second run.
 */
import { and, desc, eq, gt, inArray, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { alertDeliveries, alertEvents, alertRules, models, webhookEndpoints } from "@/db/schema";
import type { Dispatch } from "@/server/jobs/dispatch";
import { ALERT_METRIC_UNITS } from "./schemas";
import { measureRule, type MeasuredSubject } from "./measure-rule";

type Rule = typeof alertRules.$inferSelect;

export interface EvaluateAlertsDeps {
  /** Starts train-model for retrain rules; without it such a rule raises its event and reports the retrain as skipped. */
  dispatch?: Dispatch;
}

export interface EvaluateAlertsResult {
  rules: number;
  fired: { eventId: string; ruleId: string; scopeKey: string; value: number }[];
  /** Subjects over threshold that raised nothing: inside the cooldown, or already raised in this bucket. */
  suppressed: { ruleId: string; scopeKey: string; reason: "cooldown" | "duplicate" }[];
  retrains: { eventId: string; modelId: string; runId: string; created: boolean }[];
}

const round = (v: number) => (Math.abs(v) >= 100 ? v.toFixed(0) : Number(v.toPrecision(3)).toString());

export function alertMessage(rule: Pick<Rule, "name" | "metric" | "threshold">, subject: Pick<MeasuredSubject, "label" | "value">): string {
  return `${rule.name}: ${subject.label} — ${ALERT_METRIC_UNITS[rule.metric]} is ${round(subject.value)} (threshold ${round(rule.threshold)})`;
}

/**
 * The bucket is as wide as the cooldown (the window where there is none): two events of one bucket are closer
 * than the cooldown, so the key never blocks an event the cooldown allows.
 */
export function dedupeKeyOf(rule: Pick<Rule, "id" | "windowMinutes" | "cooldownMinutes">, scopeKey: string, now: Date): string {
  const bucket = Math.floor(now.getTime() / ((rule.cooldownMinutes || rule.windowMinutes) * 60_000));
  return `${rule.id}:${scopeKey}:${bucket}`;
}

type Raised = { status: "fired"; eventId: string } | { status: "duplicate"; eventId: string } | { status: "cooldown" };

async function raise(db: Db, rule: Rule, subject: MeasuredSubject, now: Date): Promise<Raised> {
  const dedupeKey = dedupeKeyOf(rule, subject.scopeKey, now);
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`alert:${rule.id}:${subject.scopeKey}`}))`);
    const [same] = await tx.select({ id: alertEvents.id }).from(alertEvents).where(eq(alertEvents.dedupeKey, dedupeKey)).limit(1);
    if (same) return { status: "duplicate", eventId: same.id };
    const [recent] = await tx
      .select({ id: alertEvents.id })
      .from(alertEvents)
      .where(and(eq(alertEvents.ruleId, rule.id), eq(alertEvents.scopeKey, subject.scopeKey), gt(alertEvents.createdAt, new Date(now.getTime() - rule.cooldownMinutes * 60_000))))
      .orderBy(desc(alertEvents.createdAt))
      .limit(1);
    if (recent) return { status: "cooldown" };
    const [event] = await tx
      .insert(alertEvents)
      .values({
        ruleId: rule.id,
        scopeKey: subject.scopeKey,
        assetId: subject.assetId,
        modelId: subject.modelId,
        value: subject.value,
        threshold: rule.threshold,
        message: alertMessage(rule, subject),
        dedupeKey,
        createdAt: now,
      })
      .returning({ id: alertEvents.id });
    const endpointIds = rule.channels.webhookEndpointIds;
    const endpoints = endpointIds.length
      ? await tx.select({ id: webhookEndpoints.id }).from(webhookEndpoints).where(and(inArray(webhookEndpoints.id, endpointIds), eq(webhookEndpoints.enabled, true)))
      : [];
    const deliveries = [
      ...endpoints.map((e) => ({ eventId: event.id, channel: "webhook" as const, endpointId: e.id, target: e.id, nextAttemptAt: now })),
      ...[...new Set(rule.channels.emails)].map((address) => ({ eventId: event.id, channel: "email" as const, endpointId: null, target: address, nextAttemptAt: now })),
    ];
    if (deliveries.length) await tx.insert(alertDeliveries).values(deliveries).onConflictDoNothing();
    return { status: "fired", eventId: event.id };
  });
}

async function openRetrain(db: Db, dispatch: Dispatch, eventId: string, modelId: string) {
  const [model] = await db.select({ assetId: models.assetId, metric: models.metric }).from(models).where(eq(models.id, modelId)).limit(1);
  if (!model) return null;
  const run = await dispatch("train-model", { assetId: model.assetId, metric: model.metric }, { dedupeKey: `alert:${eventId}`, trigger: "alert", assetId: model.assetId });
  await db.update(alertEvents).set({ retrainRunId: run.runId }).where(eq(alertEvents.id, eventId));
  return run;
}

export async function evaluateAlertRules(db: Db, deps: EvaluateAlertsDeps, params: { now?: Date; ruleIds?: string[] } = {}): Promise<EvaluateAlertsResult> {
  const now = params.now ?? new Date();
  const rules = await db
    .select()
    .from(alertRules)
    .where(and(eq(alertRules.enabled, true), params.ruleIds ? inArray(alertRules.id, params.ruleIds) : undefined));
  const result: EvaluateAlertsResult = { rules: rules.length, fired: [], suppressed: [], retrains: [] };
  const failures: Error[] = [];
  for (const rule of rules) {
    try {
      const subjects = await measureRule(db, { rule, now });
      for (const subject of subjects.filter((s) => s.value >= rule.threshold)) {
        const raised = await raise(db, rule, subject, now);
        if (raised.status === "cooldown") {
          result.suppressed.push({ ruleId: rule.id, scopeKey: subject.scopeKey, reason: "cooldown" });
          continue;
        }
        if (raised.status === "fired") result.fired.push({ eventId: raised.eventId, ruleId: rule.id, scopeKey: subject.scopeKey, value: subject.value });
        else result.suppressed.push({ ruleId: rule.id, scopeKey: subject.scopeKey, reason: "duplicate" });
        // A duplicate still gets its retrain: the evaluation that raised it may have failed before dispatching.
        if (rule.openRetrainJob && subject.modelId && deps.dispatch) {
          const run = await openRetrain(db, deps.dispatch, raised.eventId, subject.modelId);
          if (run) result.retrains.push({ eventId: raised.eventId, modelId: subject.modelId, runId: run.runId, created: run.created });
        }
      }
      await db.update(alertRules).set({ lastEvaluatedAt: now }).where(eq(alertRules.id, rule.id));
    } catch (err) {
      failures.push(new Error(`alert rule "${rule.name}" (${rule.id}): ${err instanceof Error ? err.message : String(err)}`, { cause: err }));
    }
  }
  // Every rule is evaluated before one's failure is reported: a broken rule must not silence the others.
  if (failures.length === 1) throw failures[0];
  if (failures.length > 1) throw new AggregateError(failures, failures.map((f) => f.message).join("; "));
  return result;
}
