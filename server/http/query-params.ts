import type { z } from "zod";
import { toValidationError } from "@/server/http/zod-issues";

/** Parses a request's query string with a zod schema; a bad value is a 422 naming the parameter. */
export function parseQuery<T extends z.ZodType>(request: Request, schema: T): z.infer<T> {
  const params = Object.fromEntries(new URL(request.url).searchParams);
  const parsed = schema.safeParse(params);
  if (!parsed.success) throw toValidationError(parsed.error);
  return parsed.data;
}
