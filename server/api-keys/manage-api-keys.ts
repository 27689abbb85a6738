/** Create, list and revoke API keys; creation and revocation are audit-logged. */
import { and, desc, eq, isNull } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { apiKeys, type ApiKeyScope } from "@/db/schema";
import { recordAudit } from "@/server/audit/record-audit";
import { NotFoundError } from "@/server/http/errors";
import { toValidationError } from "@/server/http/zod-issues";
import { generateKey } from "./key-format";
import { createApiKeySchema, type CreateApiKeyParams } from "./schemas";

/** A key as shown in lists: never the secret or its hash. */
export interface ApiKeySummary {
  id: string;
  name: string;
  prefix: string;
  scopes: ApiKeyScope[];
  assetIds: string[] | null;
  createdBy: string | null;
  createdAt: Date;
  lastUsedAt: Date | null;
  expiresAt: Date | null;
  revokedAt: Date | null;
  rateLimitPerMinute: number | null;
}

const summaryColumns = {
  id: apiKeys.id,
  name: apiKeys.name,
  prefix: apiKeys.prefix,
  scopes: apiKeys.scopes,
  assetIds: apiKeys.assetIds,
  createdBy: apiKeys.createdBy,
  createdAt: apiKeys.createdAt,
  lastUsedAt: apiKeys.lastUsedAt,
  expiresAt: apiKeys.expiresAt,
  revokedAt: apiKeys.revokedAt,
  rateLimitPerMinute: apiKeys.rateLimitPerMinute,
};

/** Returns the full key once (`key`); only its hash is kept. */
export async function createApiKey(db: DbOrTx, params: CreateApiKeyParams): Promise<{ key: string; apiKey: ApiKeySummary }> {
  const parsed = createApiKeySchema.safeParse(params);
  if (!parsed.success) throw toValidationError(parsed.error);
  const p = parsed.data;
  const generated = generateKey();
  const [row] = await db
    .insert(apiKeys)
    .values({
      name: p.name,
      prefix: generated.prefix,
      secretHash: generated.secretHash,
      scopes: [...new Set(p.scopes)],
      assetIds: p.assetIds ?? null,
      createdBy: p.createdBy ?? null,
      expiresAt: p.expiresAt ?? null,
      rateLimitPerMinute: p.rateLimitPerMinute ?? null,
    })
    .returning(summaryColumns);
  await recordAudit(db, {
    action: "api_key.create",
    targetType: "api_key",
    targetId: row.id,
    actorUserId: p.createdBy ?? null,
    details: { name: row.name, prefix: row.prefix, scopes: row.scopes, assetIds: row.assetIds, expiresAt: row.expiresAt },
  });
  return { key: generated.key, apiKey: row };
}

export interface ListApiKeysParams {
  /** Only this user's keys; omitted = all (admin view). */
  createdBy?: string;
  includeRevoked?: boolean;
}

export async function listApiKeys(db: DbOrTx, params: ListApiKeysParams = {}): Promise<ApiKeySummary[]> {
  return db
    .select(summaryColumns)
    .from(apiKeys)
    .where(
      and(
        params.createdBy ? eq(apiKeys.createdBy, params.createdBy) : undefined,
        params.includeRevoked ? undefined : isNull(apiKeys.revokedAt),
      ),
    )
    .orderBy(desc(apiKeys.createdAt));
}

export interface RevokeApiKeyParams {
  id: string;
  actorUserId?: string | null;
}

/** Revokes a key (idempotent: revoking twice keeps the first time). */
export async function revokeApiKey(db: DbOrTx, params: RevokeApiKeyParams): Promise<ApiKeySummary> {
  const [row] = await db
    .update(apiKeys)
    .set({ revokedAt: new Date() })
    .where(and(eq(apiKeys.id, params.id), isNull(apiKeys.revokedAt)))
    .returning(summaryColumns);
  if (!row) {
    const [existing] = await db.select(summaryColumns).from(apiKeys).where(eq(apiKeys.id, params.id));
    if (!existing) throw new NotFoundError("api key", params.id);
    return existing;
  }
  await recordAudit(db, {
    action: "api_key.revoke",
    targetType: "api_key",
    targetId: row.id,
    actorUserId: params.actorUserId ?? null,
    details: { name: row.name, prefix: row.prefix },
  });
  return row;
}
