import { eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { modelVersions } from "@/db/schema";
import { NotFoundError } from "@/server/http/errors";
import type { ModelVersion } from "./types";

export async function getVersion(db: DbOrTx, params: { versionId: string }): Promise<ModelVersion> {
  const [row] = await db.select().from(modelVersions).where(eq(modelVersions.id, params.versionId));
  if (!row) throw new NotFoundError("model version", params.versionId);
  return row;
}
