/** Webhook endpoints: the secret is generated here and shown once, in the answer to creation. */
import { randomBytes } from "node:crypto";
import { asc, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { webhookEndpoints } from "@/db/schema";
import { recordAudit } from "@/server/audit/record-audit";
import { NotFoundError, ValidationError } from "@/server/http/errors";
import { isUniqueViolation } from "./alert-rules";
import { createWebhookEndpointInput } from "./schemas";
import type { z } from "zod";

type EndpointRow = typeof webhookEndpoints.$inferSelect;

const view = (e: EndpointRow) => ({ id: e.id, name: e.name, url: e.url, enabled: e.enabled, secretHint: `…${e.secret.slice(-4)}`, createdAt: e.createdAt });

export async function createWebhookEndpoint(db: DbOrTx, params: { input: z.input<typeof createWebhookEndpointInput>; userId: string | null }) {
  const input = createWebhookEndpointInput.parse(params.input);
  const secret = `whsec_${randomBytes(24).toString("base64url")}`;
  try {
    const [row] = await db.insert(webhookEndpoints).values({ ...input, secret, createdBy: params.userId }).returning();
    await recordAudit(db, { action: "webhook_endpoint.create", targetType: "webhook_endpoint", targetId: row.id, actorUserId: params.userId, details: { name: row.name, url: row.url } });
    return { ...view(row), secret };
  } catch (err) {
    if (isUniqueViolation(err)) throw new ValidationError(`an endpoint named "${input.name}" exists already`, { field: "name" });
    throw err;
  }
}

export async function listWebhookEndpoints(db: DbOrTx) {
  return (await db.select().from(webhookEndpoints).orderBy(asc(webhookEndpoints.name))).map(view);
}

export async function deleteWebhookEndpoint(db: DbOrTx, params: { id: string; userId: string | null }): Promise<{ id: string }> {
  const [row] = await db.delete(webhookEndpoints).where(eq(webhookEndpoints.id, params.id)).returning({ id: webhookEndpoints.id });
  if (!row) throw new NotFoundError("webhook endpoint", params.id);
  await recordAudit(db, { action: "webhook_endpoint.delete", targetType: "webhook_endpoint", targetId: row.id, actorUserId: params.userId, details: {} });
  return row;
}
