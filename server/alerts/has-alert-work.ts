/** Whether an evaluate-alerts tick has anything to do: an enabled rule, or a delivery due. Cheap: two indexed probes. */
import { and, eq, lte } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { alertDeliveries, alertRules } from "@/db/schema";

export async function hasAlertWork(db: DbOrTx, params: { now: Date }): Promise<boolean> {
  const [rule] = await db.select({ id: alertRules.id }).from(alertRules).where(eq(alertRules.enabled, true)).limit(1);
  if (rule) return true;
  const [due] = await db
    .select({ id: alertDeliveries.id })
    .from(alertDeliveries)
    .where(and(eq(alertDeliveries.status, "pending"), lte(alertDeliveries.nextAttemptAt, params.now)))
    .limit(1);
  return Boolean(due);
}
