/**
 * The signed-in user for the current request. The JWT says who the user is; the database says whether
 * they may still act and with which role, so disabling a user or changing a role takes effect on the
 * next request rather than when the token expires.
 */
import { getServerSession } from "next-auth";
import { headers } from "next/headers";
import type { DbOrTx } from "@/db/client";
import { findUserById } from "@/server/users/find-user";
import { getDb } from "@/server/db";
import { isUuid } from "@/server/ids";
import { getAuthOptions, secureCookiesFor } from "./options";
import type { AuthenticatedUser } from "./verify-credentials";

export type SessionUser = AuthenticatedUser;

/** Resolves a user id from a session to the current, enabled user (or null). */
export async function loadActiveUser(db: DbOrTx, userId: string | undefined): Promise<SessionUser | null> {
  if (!userId || !isUuid(userId)) return null;
  const user = await findUserById(db, userId);
  if (!user || user.disabledAt) return null;
  return { id: user.id, email: user.email, name: user.name, role: user.role };
}

/** For server components, route handlers and the tRPC context. */
export async function getSessionUser(): Promise<SessionUser | null> {
  // The same cookie names as the auth route gave this client (Secure ones over https).
  const session = await getServerSession(getAuthOptions({ secureCookies: secureCookiesFor(new Headers(await headers())) }));
  return loadActiveUser(await getDb(), session?.user?.id);
}
