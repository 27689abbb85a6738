import { users } from "@/db/schema";

/** The columns of a user that may leave the server (never the password hash). */
export type PublicUser = Pick<typeof users.$inferSelect, "id" | "email" | "name" | "role" | "disabledAt" | "createdAt">;

export const publicUserColumns = {
  id: users.id,
  email: users.email,
  name: users.name,
  role: users.role,
  disabledAt: users.disabledAt,
  createdAt: users.createdAt,
};

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}
