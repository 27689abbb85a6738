import { eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { models } from "@/db/schema";
import { NotFoundError } from "@/server/http/errors";
import type { Model } from "./types";

export async function getModel(db: DbOrTx, params: { modelId: string }): Promise<Model> {
  const [row] = await db.select().from(models).where(eq(models.id, params.modelId));
  if (!row) throw new NotFoundError("model", params.modelId);
  return row;
}
