/**
 * Alert rules: create, update, delete, list. The scope's ids, the webhook endpoints a rule names and the
 * name's uniqueness are checked here, so a bad rule is a ValidationError naming the field, never a 500.
 */
import { asc, eq, inArray } from "drizzle-orm";
import type { z } from "zod";
import type { DbOrTx } from "@/db/client";
import { alertRules, assets, models, webhookEndpoints } from "@/db/schema";
import { recordAudit } from "@/server/audit/record-audit";
import { NotFoundError, ValidationError } from "@/server/http/errors";
import { createAlertRuleInput, updateAlertRuleInput, type AlertRuleView, type CreateAlertRuleInput, type UpdateAlertRuleInput } from "./schemas";

type RuleRow = typeof alertRules.$inferSelect;

/** Parses a rule, turning zod's issues into a ValidationError naming the first bad field (never a 500). */
function parseRule<S extends z.ZodType = typeof createAlertRuleInput>(value: unknown, schema?: S): z.output<S> {
  const r = (schema ?? createAlertRuleInput).safeParse(value);
  if (r.success) return r.data as z.output<S>;
  const issues = r.error.issues.map((i) => ({ field: i.path.join(".") || undefined, message: i.message }));
  throw new ValidationError(`${issues[0].field ?? "rule"}: ${issues[0].message}`, { field: issues[0].field }, issues);
}

export function toRuleView(r: RuleRow): AlertRuleView {
  const { createdBy: _createdBy, ...view } = r;
  return view;
}

/** A Postgres unique violation, through drizzle's error wrapper. */
export function isUniqueViolation(err: unknown): boolean {
  for (let e = err as { code?: string; cause?: unknown } | undefined, i = 0; e && i < 4; e = e.cause as typeof e, i++) {
    if (e.code === "23505") return true;
  }
  return false;
}

async function checkReferences(db: DbOrTx, r: { name: string; assetId?: string | null; modelId?: string | null; channels: { webhookEndpointIds: string[] } }, selfId?: string) {
  const [clash] = await db.select({ id: alertRules.id }).from(alertRules).where(eq(alertRules.name, r.name)).limit(1);
  if (clash && clash.id !== selfId) throw new ValidationError(`a rule named "${r.name}" exists already`, { field: "name" });
  if (r.assetId) {
    const [a] = await db.select({ id: assets.id }).from(assets).where(eq(assets.id, r.assetId)).limit(1);
    if (!a) throw new ValidationError(`asset "${r.assetId}" does not exist`, { field: "assetId" });
  }
  if (r.modelId) {
    const [m] = await db.select({ id: models.id }).from(models).where(eq(models.id, r.modelId)).limit(1);
    if (!m) throw new ValidationError(`model "${r.modelId}" does not exist`, { field: "modelId" });
  }
  const ids = [...new Set(r.channels.webhookEndpointIds)];
  if (ids.length) {
    const found = new Set((await db.select({ id: webhookEndpoints.id }).from(webhookEndpoints).where(inArray(webhookEndpoints.id, ids))).map((e) => e.id));
    const missing = ids.find((id) => !found.has(id));
    if (missing) throw new ValidationError(`webhook endpoint "${missing}" does not exist`, { field: "channels.webhookEndpointIds" });
  }
}

export async function createAlertRule(db: DbOrTx, params: { input: CreateAlertRuleInput; userId: string | null }): Promise<AlertRuleView> {
  const input = parseRule(params.input);
  await checkReferences(db, input);
  try {
    const [row] = await db
      .insert(alertRules)
      .values({ ...input, assetId: input.assetId ?? null, modelId: input.modelId ?? null, createdBy: params.userId })
      .returning();
    await recordAudit(db, { action: "alert_rule.create", targetType: "alert_rule", targetId: row.id, actorUserId: params.userId, details: { name: row.name, metric: row.metric } });
    return toRuleView(row);
  } catch (err) {
    if (isUniqueViolation(err)) throw new ValidationError(`a rule named "${input.name}" exists already`, { field: "name" });
    throw err;
  }
}

export async function updateAlertRule(db: DbOrTx, params: { input: UpdateAlertRuleInput; userId: string | null }): Promise<AlertRuleView> {
  const { id, ...patch } = parseRule(params.input, updateAlertRuleInput);
  const [current] = await db.select().from(alertRules).where(eq(alertRules.id, id)).limit(1);
  if (!current) throw new NotFoundError("alert rule", id);
  const given = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
  // Changing the scope drops the ids the old scope needed unless new ones are given.
  const scopeIds = patch.scope && patch.scope !== current.scope ? { assetId: null, modelId: null } : {};
  const input = parseRule({ ...toRuleView(current), ...scopeIds, ...given });
  await checkReferences(db, input, id);
  try {
    const [row] = await db
      .update(alertRules)
      .set({ ...input, assetId: input.assetId ?? null, modelId: input.modelId ?? null, updatedAt: new Date() })
      .where(eq(alertRules.id, id))
      .returning();
    if (!row) throw new NotFoundError("alert rule", id);
    await recordAudit(db, { action: "alert_rule.update", targetType: "alert_rule", targetId: id, actorUserId: params.userId, details: { name: row.name, changed: Object.keys(given) } });
    return toRuleView(row);
  } catch (err) {
    if (isUniqueViolation(err)) throw new ValidationError(`a rule named "${input.name}" exists already`, { field: "name" });
    throw err;
  }
}

/** Deletes a rule and, with it, its events and their deliveries. */
export async function deleteAlertRule(db: DbOrTx, params: { id: string; userId: string | null }): Promise<{ id: string }> {
  const [row] = await db.delete(alertRules).where(eq(alertRules.id, params.id)).returning({ id: alertRules.id, name: alertRules.name });
  if (!row) throw new NotFoundError("alert rule", params.id);
  await recordAudit(db, { action: "alert_rule.delete", targetType: "alert_rule", targetId: row.id, actorUserId: params.userId, details: { name: row.name } });
  return { id: row.id };
}

export async function listAlertRules(db: DbOrTx, params: { enabledOnly?: boolean } = {}): Promise<AlertRuleView[]> {
  const rows = await db
    .select()
    .from(alertRules)
    .where(params.enabledOnly ? eq(alertRules.enabled, true) : undefined)
    .orderBy(asc(alertRules.name));
  return rows.map(toRuleView);
}
