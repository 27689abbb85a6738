/**
 * next-auth callbacks, kept apart from the provider setup so they can be tested directly.
 * The JWT carries the user id (sub) and role; the session exposes both to the client.
 */
import type { Session, User } from "next-auth";
import type { JWT } from "next-auth/jwt";
import type { DbOrTx } from "@/db/client";
import { USER_ROLES, type UserRole } from "@/db/schema";
import { isUuid } from "@/server/ids";
import { findUserById } from "@/server/users/find-user";

function isRole(value: unknown): value is UserRole {
  return typeof value === "string" && (USER_ROLES as readonly string[]).includes(value);
}

/** On sign-in `user` is the object `authorize` returned; later calls only see the token. */
export function jwtCallback({ token, user }: { token: JWT; user?: User | null }): JWT {
  if (user) {
    token.sub = user.id;
    token.email = user.email;
    token.name = user.name;
    token.role = user.role;
  }
  return token;
}

export function sessionCallback({ session, token }: { session: Session; token: JWT }): Session {
  if (!token.sub || !isRole(token.role) || !token.email) {
    // A token without an id or with an unknown role grants nothing.
    return { expires: session.expires } as Session;
  }
  return {
    expires: session.expires,
    user: { id: token.sub, email: token.email, name: token.name ?? null, role: token.role },
  };
}

/**
 * The session next-auth hands out (GET /api/auth/session, what the client sees): the token's user as the
 * database knows them now. A disabled or deleted user gets no session, and a changed role shows at once,
 * as it already does for every server-side check (session-user.ts).
 */
export async function activeSessionCallback(args: { session: Session; token: JWT }, db: DbOrTx): Promise<Session> {
  const session = sessionCallback(args);
  if (!session.user) return session;
  const row = isUuid(session.user.id) ? await findUserById(db, session.user.id) : null;
  if (!row || row.disabledAt) return { expires: session.expires } as Session;
  return { expires: session.expires, user: { id: row.id, email: row.email, name: row.name, role: row.role } };
}
