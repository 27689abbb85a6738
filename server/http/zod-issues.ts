/** zod issues → ValidationError naming the field (JSON path) and the 1-based row (array element). */
import type { z } from "zod";
import { ValidationError } from "@/server/http/errors";

export function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const p of path) out += typeof p === "number" ? `[${p}]` : out ? `.${String(p)}` : String(p);
  return out || "(body)";
}

/** The row of an issue: the first array index in its path, counted from 1. */
function rowOf(path: readonly PropertyKey[]): number | undefined {
  const i = path.find((p) => typeof p === "number");
  return typeof i === "number" ? i + 1 : undefined;
}

export function toValidationError(error: z.ZodError, prefix: PropertyKey[] = []): ValidationError {
  const issues = error.issues.slice(0, 20).map((issue) => {
    const path = [...prefix, ...issue.path];
    return { field: formatPath(path), row: rowOf(path), message: issue.message };
  });
  const first = issues[0];
  const where = first.row !== undefined ? ` (row ${first.row})` : "";
  return new ValidationError(`${first.field}: ${first.message}${where}`, { field: first.field, row: first.row }, issues);
}
