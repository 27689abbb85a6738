import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { users } from "@/db/schema";
import { recordAudit } from "@/server/audit/record-audit";
import { countActiveAdmins } from "./count-admins";
import { NotFoundError, ValidationError } from "@/server/http/errors";
import { publicUserColumns, type PublicUser } from "./public-user";

/**
 * Disables (or re-enables) a user. Disabled users cannot sign in and their existing sessions stop
 * working on the next request, because every request re-reads the user (server/auth/session-user.ts).
 */
export async function setUserDisabled(
  db: Db,
  input: { userId: string; disabled: boolean; actorId: string },
): Promise<PublicUser> {
  if (input.disabled && input.userId === input.actorId) throw new ValidationError("you cannot disable yourself", { field: "userId" });
  return db.transaction(async (tx) => {
    const [current] = await tx.select(publicUserColumns).from(users).where(eq(users.id, input.userId)).for("update");
    if (!current) throw new NotFoundError("user", input.userId);
    if (input.disabled && current.role === "admin" && !current.disabledAt && (await countActiveAdmins(tx)) <= 1) {
      throw new ValidationError("the last active admin cannot be disabled", { field: "userId" });
    }
    const [row] = await tx
      .update(users)
      .set({ disabledAt: input.disabled ? (current.disabledAt ?? new Date()) : null })
      .where(eq(users.id, input.userId))
      .returning(publicUserColumns);
    if (Boolean(current.disabledAt) !== input.disabled) {
      await recordAudit(tx, {
        action: input.disabled ? "user.disable" : "user.enable",
        targetType: "user",
        targetId: row.id,
        actorUserId: input.actorId,
        details: { email: row.email },
      });
    }
    return row;
  });
}
