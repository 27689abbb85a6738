import type { DbOrTx } from "@/db/client";
import type { users } from "@/db/schema";
import { findUserByEmail } from "@/server/users/find-user";
import { hashPassword, verifyPassword } from "./password";

export type AuthenticatedUser = Pick<typeof users.$inferSelect, "id" | "email" | "name" | "role">;

// Verified against when the email is unknown, so a miss costs the same scrypt work as a hit and
// response time does not reveal which emails have accounts.
let decoyHash: Promise<string> | undefined;

/** Returns the user for a correct email + password of an enabled account, otherwise null. */
export async function verifyCredentials(db: DbOrTx, email: string, password: string): Promise<AuthenticatedUser | null> {
  if (!email || !password) return null;
  const user = await findUserByEmail(db, email);
  if (!user?.passwordHash) {
    decoyHash ??= hashPassword("decoy password for timing");
    await verifyPassword(password, await decoyHash);
    return null;
  }
  const ok = await verifyPassword(password, user.passwordHash);
  if (!ok || user.disabledAt) return null;
  return { id: user.id, email: user.email, name: user.name, role: user.role };
}
