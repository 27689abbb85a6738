/**
 * The one tRPC initialisation: request context (database + signed-in user), error formatting and the
 * procedure tiers. Routers import only the procedures from here, never `initTRPC` itself.
 */
import { initTRPC, TRPCError } from "@trpc/server";
import superjson from "superjson";
import { z } from "zod";
import type { Db } from "@/db/client";
import type { UserRole } from "@/db/schema";
import { hasRole } from "@/server/auth/roles";
import type { SessionUser } from "@/server/auth/session-user";
import { domainErrorToTRPC, locationOf } from "./map-domain-error";

export interface TRPCContext {
  db: Db;
  /** Null when the request carries no valid session (or the user was disabled since signing in). */
  user: SessionUser | null;
}

/** Context for the HTTP handler: the session cookie decides the user. */
export async function createTRPCContext(): Promise<TRPCContext> {
  const [{ getDb }, { getSessionUser }] = await Promise.all([import("@/server/db"), import("@/server/auth/session-user")]);
  const [db, user] = await Promise.all([getDb(), getSessionUser()]);
  return { db, user };
}

function isZodError(cause: unknown): cause is z.ZodError {
  // Duck-typed as well, in case two copies of zod are loaded; domain ValidationErrors also carry
  // `issues`, but theirs have no `path`.
  if (cause instanceof z.ZodError) return true;
  const issues = (cause as { issues?: unknown } | null)?.issues;
  return Array.isArray(issues) && issues.length > 0 && issues.every((i) => Array.isArray((i as { path?: unknown }).path));
}

const t = initTRPC.context<TRPCContext>().create({
  transformer: superjson,
  errorFormatter({ shape, error }) {
    let fieldErrors: Record<string, string[]> | null = null;
    if (isZodError(error.cause)) {
      fieldErrors = {};
      for (const issue of error.cause.issues) {
        const key = issue.path.length ? issue.path.join(".") : "_form";
        (fieldErrors[key] ??= []).push(issue.message);
      }
    }
    const location = locationOf(error.cause);
    if (location?.field && !fieldErrors) fieldErrors = { [location.field]: [error.message] };
    return { ...shape, data: { ...shape.data, fieldErrors, row: location?.row ?? null, column: location?.column ?? null } };
  },
});

export const createCallerFactory = t.createCallerFactory;
export const router = t.router;
export const mergeRouters = t.mergeRouters;

/** Typed domain errors thrown by server/ become the matching tRPC codes instead of 500s. */
const mapDomainErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok && result.error.code === "INTERNAL_SERVER_ERROR") {
    const mapped = domainErrorToTRPC(result.error.cause);
    if (mapped) throw mapped;
  }
  return result;
});

export const publicProcedure = t.procedure.use(mapDomainErrors);

function requireRole(minimum: UserRole) {
  return t.middleware(({ ctx, next }) => {
    if (!ctx.user) throw new TRPCError({ code: "UNAUTHORIZED", message: "Sign in to continue" });
    if (!hasRole(ctx.user.role, minimum)) {
      throw new TRPCError({ code: "FORBIDDEN", message: `This needs the ${minimum} role; you are ${ctx.user.role}` });
    }
    return next({ ctx: { ...ctx, user: ctx.user } });
  });
}

/** Any signed-in user. */
export const viewerProcedure = publicProcedure.use(requireRole("viewer"));
/** Analysts and admins: may change data (imports). */
export const analystProcedure = publicProcedure.use(requireRole("analyst"));
/** Admins: users and API keys. */
export const adminProcedure = publicProcedure.use(requireRole("admin"));
