/** Roles as the UI and the server share them: the list, its zod schema, and the ordering check. */
import { z } from "zod";
import { USER_ROLES } from "@/db/schema";

export { USER_ROLES, type UserRole } from "@/db/schema";
export { hasRole } from "./roles";

export const userRoleSchema = z.enum(USER_ROLES);
