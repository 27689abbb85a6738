/** Role order: each role can do everything the roles below it can. Pure, so client code may import it. */
import type { UserRole } from "@/db/schema";

export const ROLE_RANK: Record<UserRole, number> = { viewer: 0, analyst: 1, admin: 2 };

export function hasRole(role: UserRole, minimum: UserRole): boolean {
  return ROLE_RANK[role] >= ROLE_RANK[minimum];
}
