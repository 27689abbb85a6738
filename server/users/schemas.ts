/**
 * Request and response shapes of the users domain (one home): the tRPC users router. The user row comes
 * from the Drizzle table (drizzle-zod), only its public columns (never the password hash).
 */
import { createSelectSchema } from "drizzle-zod";
import { z } from "zod";
import { users } from "@/db/schema";
import { userRoleSchema } from "@/server/auth/schemas";
import { uuidSchema } from "@/server/ids";
import type { PublicUser } from "./public-user";

export { userRoleSchema } from "@/server/auth/schemas";

export const publicUserSchema = createSelectSchema(users, { role: userRoleSchema }).pick({
  id: true,
  email: true,
  name: true,
  role: true,
  disabledAt: true,
  createdAt: true,
}) satisfies z.ZodType<PublicUser>;
export const listUsersOutputSchema = z.array(publicUserSchema);

export const createUserInputSchema = z.object({
  email: z.email("Enter a valid email address").max(320),
  name: z.string().trim().max(200).optional(),
  role: userRoleSchema,
  password: z.string().min(12, "Use at least 12 characters").max(1024),
});

export const changeRoleInputSchema = z.object({ userId: uuidSchema, role: userRoleSchema });
export const setDisabledInputSchema = z.object({ userId: uuidSchema, disabled: z.boolean() });
