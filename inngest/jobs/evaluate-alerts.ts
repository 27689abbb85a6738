/**
 * evaluate-alerts: every 5 minutes, evaluate the enabled alert rules (raising events, queueing their webhook
 * and email deliveries, starting train-model for retrain rules) and send the deliveries that are due. Failed
 * deliveries keep their backoff in alert_deliveries and are picked up by a later tick once due.
 *
 * `now` is taken once, in its own step: a retried evaluation reuses it, so it lands in the same dedupe bucket.
 */
import { env } from "@/server/env";
import { deliverPendingAlerts } from "@/server/alerts/deliver-pending-alerts";
import { evaluateAlertRules } from "@/server/alerts/evaluate-alert-rules";
import { hasAlertWork } from "@/server/alerts/has-alert-work";
import { createSmtpMailer } from "@/server/alerts/mailer";
import { evaluateAlertsPayloadSchema } from "@/server/alerts/schemas";
import { defineJob } from "../define-job";

export const evaluateAlerts = defineJob({
  id: "evaluate-alerts",
  name: "Evaluate alert rules and deliver notifications",
  event: "almanac/alerts.evaluate",
  cron: "*/5 * * * *",
  payload: evaluateAlertsPayloadSchema,
  retries: 2,
  concurrency: 1,
  hasScheduledWork: (deps, now) => hasAlertWork(deps.db, { now }),
  async handler({ event, step, deps, log }) {
    const now = await step.run("now", () => event.data.now ?? new Date().toISOString());
    const evaluated = await step.run("evaluate", () => evaluateAlertRules(deps.db, { dispatch: deps.dispatch }, { now: new Date(now) }));
    for (const f of evaluated.fired) await log(`fired ${f.scopeKey} (value ${f.value}) → event ${f.eventId}`);
    for (const r of evaluated.retrains) await log(`retraining model ${r.modelId} → run ${r.runId}${r.created ? "" : " (already started)"}`);
    const delivered = await step.run("deliver", async () => {
      const mailer = env.SMTP_URL ? createSmtpMailer({ url: env.SMTP_URL, from: env.ALERT_EMAIL_FROM ?? "almanac@localhost" }) : null;
      try {
        return await deliverPendingAlerts(
          deps.db,
          { webhook: { allowHosts: deps.http?.allowHosts ?? env.DATA_URL_ALLOW_HOSTS, resolve: deps.http?.resolve, fetchImpl: deps.http?.fetchImpl }, mailer },
          { now: event.data.now ? new Date(now) : new Date() },
        );
      } finally {
        mailer?.close();
      }
    });
    if (delivered.attempted) await log(`deliveries: ${delivered.delivered} sent, ${delivered.retrying} to retry, ${delivered.failed} failed`);
    return { rules: evaluated.rules, fired: evaluated.fired.length, suppressed: evaluated.suppressed.length, retrains: evaluated.retrains, deliveries: delivered };
  },
});
