import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { users, type UserRole } from "@/db/schema";
import { recordAudit } from "@/server/audit/record-audit";
import { countActiveAdmins } from "./count-admins";
import { NotFoundError, ValidationError } from "@/server/http/errors";
import { publicUserColumns, type PublicUser } from "./public-user";

/**
 * Changes a user's role. An admin cannot change their own role (so nobody locks themselves out by
 * accident), and the last active admin cannot be demoted.
 */
export async function changeUserRole(db: Db, input: { userId: string; role: UserRole; actorId: string }): Promise<PublicUser> {
  if (input.userId === input.actorId) throw new ValidationError("you cannot change your own role", { field: "role" });
  return db.transaction(async (tx) => {
    const [current] = await tx.select(publicUserColumns).from(users).where(eq(users.id, input.userId)).for("update");
    if (!current) throw new NotFoundError("user", input.userId);
    if (current.role === "admin" && input.role !== "admin" && !current.disabledAt && (await countActiveAdmins(tx)) <= 1) {
      throw new ValidationError("the last active admin cannot be demoted", { field: "role" });
    }
    const [row] = await tx.update(users).set({ role: input.role }).where(eq(users.id, input.userId)).returning(publicUserColumns);
    if (current.role !== input.role) {
      await recordAudit(tx, {
        action: "user.role_change",
        targetType: "user",
        targetId: row.id,
        actorUserId: input.actorId,
        details: { email: row.email, from: current.role, to: row.role },
      });
    }
    return row;
  });
}
