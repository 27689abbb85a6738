/** The in-app inbox: every alert event, with the signed-in user's read mark. */
import { and, count, desc, eq, inArray, isNull, lt } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { alertEventReads, alertEvents, alertRules } from "@/db/schema";
import type { AlertEventView } from "./schemas";

const readJoin = (userId: string) => and(eq(alertEventReads.eventId, alertEvents.id), eq(alertEventReads.userId, userId));

export async function countUnreadAlerts(db: DbOrTx, params: { userId: string }): Promise<number> {
  const [r] = await db.select({ n: count() }).from(alertEvents).leftJoin(alertEventReads, readJoin(params.userId)).where(isNull(alertEventReads.eventId));
  return r?.n ?? 0;
}

export async function listInbox(
  db: DbOrTx,
  params: { userId: string; unreadOnly?: boolean; limit?: number; before?: Date },
): Promise<{ items: AlertEventView[]; unread: number }> {
  const items = await db
    .select({
      id: alertEvents.id,
      ruleId: alertEvents.ruleId,
      ruleName: alertRules.name,
      metric: alertRules.metric,
      scopeKey: alertEvents.scopeKey,
      assetId: alertEvents.assetId,
      modelId: alertEvents.modelId,
      value: alertEvents.value,
      threshold: alertEvents.threshold,
      message: alertEvents.message,
      retrainRunId: alertEvents.retrainRunId,
      createdAt: alertEvents.createdAt,
      readAt: alertEventReads.readAt,
    })
    .from(alertEvents)
    .innerJoin(alertRules, eq(alertRules.id, alertEvents.ruleId))
    .leftJoin(alertEventReads, readJoin(params.userId))
    .where(and(params.unreadOnly ? isNull(alertEventReads.eventId) : undefined, params.before ? lt(alertEvents.createdAt, params.before) : undefined))
    .orderBy(desc(alertEvents.createdAt), desc(alertEvents.id))
    .limit(params.limit ?? 50);
  return { items, unread: await countUnreadAlerts(db, params) };
}

/** Marks events read for one user; marking twice keeps the first mark. Unknown ids are ignored. */
export async function markAlertsRead(db: DbOrTx, params: { userId: string; ids?: string[]; all?: boolean }): Promise<{ marked: number; unread: number }> {
  if (!params.all && !params.ids?.length) return { marked: 0, unread: await countUnreadAlerts(db, params) };
  const unreadIds = await db
    .select({ id: alertEvents.id })
    .from(alertEvents)
    .leftJoin(alertEventReads, readJoin(params.userId))
    .where(and(isNull(alertEventReads.eventId), params.all ? undefined : inArray(alertEvents.id, params.ids ?? [])));
  const marked = unreadIds.length
    ? (await db.insert(alertEventReads).values(unreadIds.map((e) => ({ eventId: e.id, userId: params.userId }))).onConflictDoNothing().returning({ id: alertEventReads.eventId })).length
    : 0;
  return { marked, unread: await countUnreadAlerts(db, params) };
}
