/**
 * Up to MAX_BATCH_ITEMS predictions in one request: each item answered on its own — a result, or the problem
 * that item ran into (its own status and field) — so one bad item never fails the others.
 */
import type { VerifiedApiKey } from "@/server/api-keys/verify-api-key";
import { requireAssetAccess } from "@/server/api-keys/verify-api-key";
import { findAsset } from "@/server/assets";
import { NotFoundError } from "@/server/http/errors";
import { errorToResponse } from "@/server/http/problem";
import { predictForAsset, type PredictDeps } from "./predict-asset";
import type { BatchBody, PredictResponse } from "./schemas";

export type BatchItemResult = { asset_id: string; status: number; result: PredictResponse } | { asset_id: string; status: number; problem: Record<string, unknown> };

export async function predictBatch(deps: PredictDeps, params: { key: VerifiedApiKey; body: BatchBody; instance: string }): Promise<BatchItemResult[]> {
  const { key, body } = params;
  // Items run a few at a time: identical ones share one computation, and one slow item does not hold the rest.
  const results: BatchItemResult[] = new Array(body.items.length);
  let next = 0;
  const worker = async () => {
    while (next < body.items.length) {
      const i = next++;
      const { asset_id, ...item } = body.items[i];
      try {
        const asset = await findAsset(deps.db, { idOrSlug: asset_id });
        if (!asset) throw new NotFoundError("asset", asset_id);
        requireAssetAccess(key, asset.id, asset_id);
        results[i] = { asset_id, status: 200, result: await predictForAsset(deps, { asset, body: item }) };
      } catch (e) {
        const res = errorToResponse(e, `${params.instance}#items[${i}]`);
        const problem = (await res.json()) as Record<string, unknown>;
        if (typeof problem.field === "string") problem.field = `items[${i}].${problem.field}`;
        results[i] = { asset_id, status: res.status, problem };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(8, body.items.length) }, worker));
  return results;
}
