/** Request shapes for asset, series and observation queries (one home for the asset domain's zod schemas). */
import { z } from "zod";
import { ASSET_KINDS } from "@/db/schema";
import { isUuid } from "@/server/ids";
import { isValidTimeZone } from "@/server/ingest/time-zone";

/**
 * Lower-case letters, digits and dashes: usable in URLs in place of the uuid. A slug shaped like a UUID is
 * refused, since routes read such a segment as the asset's id and the asset could never be found by it.
 */
export const slugSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/, "lower-case letters, digits and inner dashes only")
  .refine((s) => !isUuid(s), "a slug cannot have the shape of a UUID (it would be read as an asset id)");

/** Metric names are path segments in the REST API: keep them URL- and identifier-friendly. */
export const metricSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_.-]+$/, "letters, digits, '_', '.', '-' only");

export const timeZoneSchema = z.string().refine(isValidTimeZone, "not an IANA time zone (e.g. Europe/London)");

export const createAssetSchema = z.object({
  slug: slugSchema,
  name: z.string().min(1).max(200),
  kind: z.enum(ASSET_KINDS),
  timezone: timeZoneSchema.default("UTC"),
  lat: z.number().min(-90).max(90).nullish(),
  lon: z.number().min(-180).max(180).nullish(),
  /** Free-form JSON, at most 16 KiB serialised (it is stored on the row and sent with every asset). */
  metadata: z
    .record(z.string().max(128), z.unknown())
    .refine((m) => JSON.stringify(m).length <= 16_384, "metadata must be at most 16 KiB of JSON")
    .default({}),
});
export type CreateAssetParams = z.input<typeof createAssetSchema>;

/** `from` inclusive, `to` exclusive; either may be omitted. */
export const observationRangeSchema = z
  .object({
    from: z.coerce.date().optional(),
    to: z.coerce.date().optional(),
    limit: z.coerce.number().int().min(1).max(1_000_000).optional(),
  })
  .refine((r) => !r.from || !r.to || r.from.getTime() < r.to.getTime(), {
    message: "`from` must be before `to`",
    path: ["from"],
  });

/** The asset kinds, for forms (components import values only from schema modules). */
export { ASSET_KINDS } from "@/db/schema";
