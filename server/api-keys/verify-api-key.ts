/** Authenticates a presented API key and checks scopes and asset access. */
import { eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { apiKeys, type ApiKeyScope } from "@/db/schema";
import { AuthError, ForbiddenError, NotFoundError } from "@/server/http/errors";
import { parseKey, secretMatches } from "./key-format";

export interface VerifiedApiKey {
  id: string;
  name: string;
  scopes: ApiKeyScope[];
  /** null = every asset. */
  assetIds: string[] | null;
  createdBy: string | null;
  /** The key's own request limit per minute; null = the default. */
  rateLimitPerMinute: number | null;
}

/** last_used_at is refreshed at most this often, so a busy key does not write on every request. */
export const LAST_USED_RESOLUTION_MS = 60_000;

export interface VerifyApiKeyParams {
  key: string;
  now?: Date;
}

/** Throws AuthError for a malformed, unknown, wrong, revoked or expired key (one message for all: no oracle). */
export async function verifyApiKey(db: DbOrTx, params: VerifyApiKeyParams): Promise<VerifiedApiKey> {
  const now = params.now ?? new Date();
  const parts = parseKey(params.key.trim());
  if (!parts) throw new AuthError("invalid API key");
  const [row] = await db.select().from(apiKeys).where(eq(apiKeys.prefix, parts.prefix)).limit(1);
  // Hash and compare even when the prefix is unknown, so timing does not reveal which prefixes exist.
  const matches = secretMatches(parts.secret, row?.secretHash ?? "0".repeat(64));
  if (!row || !matches) throw new AuthError("invalid API key");
  if (row.revokedAt) throw new AuthError("API key has been revoked");
  if (row.expiresAt && row.expiresAt.getTime() <= now.getTime()) throw new AuthError("API key has expired");
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() >= LAST_USED_RESOLUTION_MS) {
    await db.update(apiKeys).set({ lastUsedAt: now }).where(eq(apiKeys.id, row.id));
  }
  return { id: row.id, name: row.name, scopes: row.scopes, assetIds: row.assetIds, createdBy: row.createdBy, rateLimitPerMinute: row.rateLimitPerMinute };
}

export function requireScope(key: VerifiedApiKey, scope: ApiKeyScope): void {
  if (!key.scopes.includes(scope)) throw new ForbiddenError(`API key lacks the "${scope}" scope`);
}

/**
 * An asset outside the key's allow-list is answered exactly like an unknown one (NotFoundError with the
 * id the caller gave, `asGiven`, e.g. a slug), so a key cannot probe which assets exist beyond its list.
 */
export function requireAssetAccess(key: VerifiedApiKey, assetId: string, asGiven: string = assetId): void {
  if (key.assetIds && !key.assetIds.includes(assetId)) throw new NotFoundError("asset", asGiven);
}
