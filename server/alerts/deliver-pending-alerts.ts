/**
 * Sends the due deliveries of the outbox (alert_deliveries): signed webhook POSTs and emails. Every attempt is
 * written to the delivery log (alert_delivery_attempts). A failed attempt is retried with exponential backoff —
 * base, 2×base, 4×base … capped at maxDelay — until maxAttempts, after which the delivery is `failed`.
 *
 * Claiming a batch moves its next_attempt_at forward by a lease (FOR UPDATE SKIP LOCKED), so two deliverers
 * running at once never send the same delivery twice; one that dies mid-send leaves it due again once the
 * lease passes.
 */
import { and, asc, eq, inArray, lte } from "drizzle-orm";
import type { Db } from "@/db/client";
import { alertDeliveries, alertDeliveryAttempts, alertEvents, alertRules, webhookEndpoints } from "@/db/schema";
import type { Mailer } from "./mailer";
import { sendWebhook, type WebhookOutcome, type WebhookTransport } from "./send-webhook";

export interface DeliverAlertsDeps {
  webhook: WebhookTransport;
  /** Null when SMTP_URL is not set: email deliveries then fail at once, saying so. */
  mailer: Mailer | null;
}

export interface DeliveryPolicy {
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** How long a claimed delivery is held before another deliverer may take it. */
  leaseMs: number;
  batchSize: number;
}

export const DEFAULT_DELIVERY_POLICY: DeliveryPolicy = { maxAttempts: 6, baseDelayMs: 30_000, maxDelayMs: 3_600_000, leaseMs: 120_000, batchSize: 50 };

/** Delay before attempt `failedAttempts + 1` after `failedAttempts` failures. */
export function backoffDelayMs(failedAttempts: number, policy: Pick<DeliveryPolicy, "baseDelayMs" | "maxDelayMs">): number {
  return Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, failedAttempts - 1));
}

export interface DeliverResult {
  attempted: number;
  delivered: number;
  retrying: number;
  failed: number;
}

type Event = typeof alertEvents.$inferSelect & { ruleName: string; metric: string };

/** The JSON a webhook receives (documented in server/alerts/README.md). */
export function webhookBody(event: Event): string {
  return JSON.stringify({
    type: "alert.fired",
    id: event.id,
    createdAt: event.createdAt.toISOString(),
    rule: { id: event.ruleId, name: event.ruleName, metric: event.metric },
    scopeKey: event.scopeKey,
    assetId: event.assetId,
    modelId: event.modelId,
    value: event.value,
    threshold: event.threshold,
    message: event.message,
    retrainRunId: event.retrainRunId,
  });
}

export function emailText(event: Event): string {
  return [
    event.message,
    "",
    `Rule: ${event.ruleName} (${event.metric})`,
    `Value: ${event.value} (threshold ${event.threshold})`,
    `Scope: ${event.scopeKey}`,
    `Raised: ${event.createdAt.toISOString()}`,
    ...(event.retrainRunId ? [`Retraining job: ${event.retrainRunId}`] : []),
  ].join("\n");
}

export async function deliverPendingAlerts(db: Db, deps: DeliverAlertsDeps, params: { now?: Date; policy?: Partial<DeliveryPolicy> } = {}): Promise<DeliverResult> {
  const now = params.now ?? new Date();
  const policy = { ...DEFAULT_DELIVERY_POLICY, ...params.policy };
  const due = db
    .select({ id: alertDeliveries.id })
    .from(alertDeliveries)
    .where(and(eq(alertDeliveries.status, "pending"), lte(alertDeliveries.nextAttemptAt, now)))
    .orderBy(asc(alertDeliveries.nextAttemptAt))
    .limit(policy.batchSize)
    .for("update", { skipLocked: true });
  const claimed = await db
    .update(alertDeliveries)
    .set({ nextAttemptAt: new Date(now.getTime() + policy.leaseMs) })
    .where(inArray(alertDeliveries.id, due))
    .returning();
  const result: DeliverResult = { attempted: claimed.length, delivered: 0, retrying: 0, failed: 0 };
  if (!claimed.length) return result;

  const events = await db
    .select({ event: alertEvents, ruleName: alertRules.name, metric: alertRules.metric })
    .from(alertEvents)
    .innerJoin(alertRules, eq(alertRules.id, alertEvents.ruleId))
    .where(inArray(alertEvents.id, [...new Set(claimed.map((d) => d.eventId))]));
  const eventOf = new Map(events.map((e) => [e.event.id, { ...e.event, ruleName: e.ruleName, metric: e.metric }]));
  const endpointIds = [...new Set(claimed.flatMap((d) => (d.endpointId ? [d.endpointId] : [])))];
  const endpoints = endpointIds.length ? await db.select().from(webhookEndpoints).where(inArray(webhookEndpoints.id, endpointIds)) : [];
  const endpointOf = new Map(endpoints.map((e) => [e.id, e]));

  for (const d of claimed) {
    const event = eventOf.get(d.eventId)!;
    const attempt = d.attempts + 1;
    const started = Date.now();
    let outcome: WebhookOutcome & { permanent?: boolean };
    if (d.channel === "webhook") {
      const endpoint = d.endpointId ? endpointOf.get(d.endpointId) : undefined;
      outcome = endpoint
        ? await sendWebhook(deps.webhook, {
            url: endpoint.url,
            secret: endpoint.secret,
            body: webhookBody(event),
            headers: { "X-Almanac-Event": event.id, "X-Almanac-Delivery": d.id, "X-Almanac-Attempt": String(attempt) },
            now,
          })
        : { ok: false, statusCode: null, error: "the webhook endpoint was deleted", permanent: true };
    } else if (!deps.mailer) {
      outcome = { ok: false, statusCode: null, error: "email is not configured (set SMTP_URL and ALERT_EMAIL_FROM)", permanent: true };
    } else {
      try {
        await deps.mailer.send({ to: d.target, subject: `[Almanac alert] ${event.ruleName}`, text: emailText(event) });
        outcome = { ok: true, statusCode: null, error: null };
      } catch (err) {
        const smtp = err as { responseCode?: number; message?: string };
        outcome = { ok: false, statusCode: smtp.responseCode ?? null, error: smtp.message ?? String(err) };
      }
    }
    const durationMs = Date.now() - started;
    const giveUp = !outcome.ok && (outcome.permanent || attempt >= policy.maxAttempts);
    const nextAttemptAt = outcome.ok || giveUp ? null : new Date(now.getTime() + backoffDelayMs(attempt, policy));
    await db.transaction(async (tx) => {
      await tx.insert(alertDeliveryAttempts).values({ deliveryId: d.id, attempt, statusCode: outcome.statusCode, error: outcome.error, durationMs, nextAttemptAt, attemptedAt: now });
      await tx
        .update(alertDeliveries)
        .set({
          attempts: attempt,
          status: outcome.ok ? "delivered" : giveUp ? "failed" : "pending",
          nextAttemptAt,
          lastStatusCode: outcome.statusCode,
          lastError: outcome.error,
          deliveredAt: outcome.ok ? now : null,
        })
        .where(eq(alertDeliveries.id, d.id));
    });
    if (outcome.ok) result.delivered++;
    else if (giveUp) result.failed++;
    else result.retrying++;
  }
  return result;
}
