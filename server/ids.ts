/**
 * The one UUID check of the server. `isUuid` accepts any 8-4-4-4-12 hex shape (whatever version): ids
 * and slugs share URL segments, and a segment of this shape is read as an id. `uuidSchema` is zod's
 * stricter RFC 9562 check, for request and response fields that carry an id. Only zod imported, so
 * any server module (and a domain's schemas.ts) can use it.
 */
import { z } from "zod";

const UUID_SHAPE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: unknown): value is string {
  return typeof value === "string" && UUID_SHAPE.test(value);
}

/** A uuid field of a request or response. */
export const uuidSchema = z.uuid();
