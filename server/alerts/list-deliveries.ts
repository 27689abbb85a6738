/** The delivery log: deliveries, newest first, each with every attempt. */
import { asc, desc, eq, inArray } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { alertDeliveries, alertDeliveryAttempts } from "@/db/schema";
import type { DeliveryView } from "./schemas";

export async function listDeliveries(db: DbOrTx, params: { eventId?: string; limit?: number } = {}): Promise<DeliveryView[]> {
  const rows = await db
    .select()
    .from(alertDeliveries)
    .where(params.eventId ? eq(alertDeliveries.eventId, params.eventId) : undefined)
    .orderBy(desc(alertDeliveries.createdAt), asc(alertDeliveries.target))
    .limit(params.limit ?? 50);
  if (!rows.length) return [];
  const attempts = await db
    .select()
    .from(alertDeliveryAttempts)
    .where(inArray(alertDeliveryAttempts.deliveryId, rows.map((r) => r.id)))
    .orderBy(asc(alertDeliveryAttempts.attempt));
  return rows.map(({ endpointId: _endpointId, ...r }) => ({
    ...r,
    log: attempts.filter((a) => a.deliveryId === r.id).map(({ attempt, statusCode, error, durationMs, nextAttemptAt, attemptedAt }) => ({ attempt, statusCode, error, durationMs, nextAttemptAt, attemptedAt })),
  }));
}
