/**
 * Maps the typed errors thrown by server/ services (server/http/errors.ts) to tRPC errors, so a bad
 * request never surfaces as INTERNAL_SERVER_ERROR.
 */
import { TRPCError } from "@trpc/server";
import { AppError } from "@/server/http/errors";

type Code = TRPCError["code"];

const BY_NAME: Record<string, Code> = {
  ValidationError: "BAD_REQUEST",
  BadRequestError: "BAD_REQUEST",
  NotFoundError: "NOT_FOUND",
  AuthError: "UNAUTHORIZED",
  ForbiddenError: "FORBIDDEN",
  ConflictError: "CONFLICT",
  PayloadTooLargeError: "PAYLOAD_TOO_LARGE",
  UnsupportedMediaTypeError: "UNSUPPORTED_MEDIA_TYPE",
};

export function domainErrorToTRPC(cause: unknown): TRPCError | null {
  if (!(cause instanceof AppError)) return null;
  const code = BY_NAME[cause.name];
  if (!code) return null;
  return new TRPCError({ code, message: cause.message, cause });
}

/** Where a domain error points in the input (field and, for tabular input, row and column). */
export function locationOf(cause: unknown): { field?: string; row?: number; column?: string } | null {
  if (!(cause instanceof AppError)) return null;
  const { field, row, column } = cause as AppError & { field?: string; row?: number; column?: string };
  if (field === undefined && row === undefined && column === undefined) return null;
  return { field, row, column };
}
