import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { modelVersions } from "@/db/schema";
import type { ModelVersion } from "./types";

export async function findChampion(db: DbOrTx, params: { modelId: string }): Promise<ModelVersion | undefined> {
  const [row] = await db
    .select()
    .from(modelVersions)
    .where(and(eq(modelVersions.modelId, params.modelId), eq(modelVersions.state, "champion")));
  return row;
}
