import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { modelVersions } from "@/db/schema";

/** Marks a version that did not finish training as failed; versions past training are left alone. */
export async function failVersion(db: DbOrTx, params: { versionId: string; error: { name: string; message: string } }) {
  await db
    .update(modelVersions)
    .set({ state: "failed", error: params.error })
    .where(and(eq(modelVersions.id, params.versionId), eq(modelVersions.state, "training")));
}
