/** Bearer API-key authentication for the public REST API. */
import type { DbOrTx } from "@/db/client";
import type { ApiKeyScope } from "@/db/schema";
import { requireAssetAccess, requireScope, verifyApiKey, type VerifiedApiKey } from "@/server/api-keys/verify-api-key";
import { getAsset, type Asset } from "@/server/assets";
import { AuthError } from "./errors";

export function bearerToken(request: Request): string {
  const header = request.headers.get("authorization");
  if (!header) throw new AuthError();
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!m) throw new AuthError("Authorization header must be `Bearer <API key>`");
  return m[1];
}

/** Verifies the request's key and that it carries `scope`; optionally that it may touch `assetId`. */
export async function authenticate(
  db: DbOrTx,
  request: Request,
  scope: ApiKeyScope,
  assetId?: string,
): Promise<VerifiedApiKey> {
  const key = await verifyApiKey(db, { key: bearerToken(request) });
  requireScope(key, scope);
  if (assetId !== undefined) requireAssetAccess(key, assetId);
  return key;
}

/**
 * Authenticates and loads the asset named in the path (uuid or slug) in parallel, one round trip
 * instead of two; errors keep their precedence: 401/403 for the key first, then 404 for an unknown asset
 * or one outside the key's allow-list (the same answer, so the list's edge is no existence oracle).
 */
export async function authenticateForAsset(
  db: DbOrTx,
  request: Request,
  scope: ApiKeyScope,
  idOrSlug: string,
): Promise<{ key: VerifiedApiKey; asset: Asset }> {
  const [key, asset] = await Promise.allSettled([authenticate(db, request, scope), getAsset(db, { idOrSlug })]);
  if (key.status === "rejected") throw key.reason;
  if (asset.status === "rejected") throw asset.reason;
  requireAssetAccess(key.value, asset.value.id, idOrSlug);
  return { key: key.value, asset: asset.value };
}
