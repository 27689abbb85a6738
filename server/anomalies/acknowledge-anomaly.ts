import { and, eq, isNull } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "@/db/client";
import { anomalies } from "@/db/schema";
import { recordAudit } from "@/server/audit/record-audit";
import { NotFoundError } from "@/server/http/errors";

/** Marks an anomaly as seen; acknowledging twice keeps the first acknowledgement. */
export async function acknowledgeAnomaly(db: DbOrTx, params: { id: string; userId: string | null }): Promise<{ id: string; acknowledgedAt: Date }> {
  if (!z.uuid().safeParse(params.id).success) throw new NotFoundError("anomaly", params.id);
  const [row] = await db
    .update(anomalies)
    .set({ acknowledgedAt: new Date(), acknowledgedBy: params.userId })
    .where(and(eq(anomalies.id, params.id), isNull(anomalies.acknowledgedAt)))
    .returning({ id: anomalies.id, acknowledgedAt: anomalies.acknowledgedAt });
  if (row?.acknowledgedAt) {
    await recordAudit(db, { action: "anomaly.acknowledge", targetType: "anomaly", targetId: row.id, actorUserId: params.userId, details: {} });
    return { id: row.id, acknowledgedAt: row.acknowledgedAt };
  }
  const [existing] = await db.select({ id: anomalies.id, acknowledgedAt: anomalies.acknowledgedAt }).from(anomalies).where(eq(anomalies.id, params.id)).limit(1);
  if (!existing?.acknowledgedAt) throw new NotFoundError("anomaly", params.id);
  return { id: existing.id, acknowledgedAt: existing.acknowledgedAt };
}
