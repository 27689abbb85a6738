import type { DbOrTx } from "@/db/client";
import { users, type UserRole } from "@/db/schema";
import { recordAudit } from "@/server/audit/record-audit";
import { hashPassword } from "@/server/auth/password";
import { ValidationError } from "@/server/http/errors";
import { findUserByEmail } from "./find-user";
import { normalizeEmail, publicUserColumns, type PublicUser } from "./public-user";

export interface CreateUserInput {
  email: string;
  name?: string | null;
  role: UserRole;
  password: string;
}

/** Creates a user; `actorUserId` (the admin doing it, if any) goes to the audit log. */
export async function createUser(db: DbOrTx, input: CreateUserInput, actorUserId: string | null = null): Promise<PublicUser> {
  const email = normalizeEmail(input.email);
  if (await findUserByEmail(db, email)) throw new ValidationError(`a user with email ${email} already exists`, { field: "email" });
  const passwordHash = await hashPassword(input.password);
  // The unique index on lower(email) still guards against a concurrent insert between check and insert.
  const [row] = await db
    .insert(users)
    .values({ email, name: input.name?.trim() || null, role: input.role, passwordHash })
    .onConflictDoNothing()
    .returning(publicUserColumns);
  if (!row) throw new ValidationError(`a user with email ${email} already exists`, { field: "email" });
  await recordAudit(db, { action: "user.create", targetType: "user", targetId: row.id, actorUserId, details: { email, role: row.role } });
  return row;
}
