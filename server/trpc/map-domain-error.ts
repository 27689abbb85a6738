/**
 * Maps the typed errors thrown by server/ services to tRPC errors through the one table
 * (server/http/error-map.ts), so a bad request never surfaces as INTERNAL_SERVER_ERROR.
 */
import { TRPCError } from "@trpc/server";
import { errorLocation, mappingFor, publicMessage } from "@/server/http/error-map";

/** The tRPC error for a typed domain error; null for unknown errors and those the table keeps internal. */
export function domainErrorToTRPC(cause: unknown): TRPCError | null {
  const mapping = mappingFor(cause);
  if (!mapping || mapping.trpc === "INTERNAL_SERVER_ERROR" || !(cause instanceof Error)) return null;
  return new TRPCError({ code: mapping.trpc, message: publicMessage(cause, mapping), cause });
}

/** Where a domain error points in the input (field and, for tabular input, row and column). */
export function locationOf(cause: unknown): { field?: string; row?: number; column?: string } | null {
  const mapping = mappingFor(cause);
  if (!mapping || mapping.detail !== undefined) return null;
  const { field, row, column } = errorLocation(cause);
  if (field === undefined && row === undefined && column === undefined) return null;
  return { field, row, column };
}
