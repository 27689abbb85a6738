/**
 * Page-level guard for server components: no session → sign-in page; too low a role → 404 (so an
 * admin page's existence is not confirmed to other roles).
 */
import { notFound, redirect } from "next/navigation";
import type { UserRole } from "@/db/schema";
import { SIGN_IN_PATH } from "./options";
import { hasRole } from "./roles";
import { getSessionUser, type SessionUser } from "./session-user";

export async function requireUser(minimum: UserRole = "viewer", returnTo?: string): Promise<SessionUser> {
  const user = await getSessionUser();
  if (!user) redirect(returnTo ? `${SIGN_IN_PATH}?callbackUrl=${encodeURIComponent(returnTo)}` : SIGN_IN_PATH);
  if (!hasRole(user.role, minimum)) notFound();
  return user;
}
