/**
 * POST /api/v1/imports?asset=ID_OR_SLUG[&options] — CSV upload, either as a `text/csv` body (streamed)
 * or `multipart/form-data` with a `file` field; import options come from the query string and/or form
 * fields (see server/ingest/csv-options-from-fields.ts).
 */
import { Readable } from "node:stream";
import { env } from "@/server/env";
import { requireAssetAccess } from "@/server/api-keys/verify-api-key";
import { getAsset } from "@/server/assets";
import { authenticate } from "@/server/http/authenticate";
import { BadRequestError, UnsupportedMediaTypeError, ValidationError } from "@/server/http/errors";
import { handleRoute, json, methodNotAllowed, routeDb } from "@/server/http/handle-route";
import { limitedBody, mediaType, readBodyBytes } from "@/server/http/read-body";
import { csvOptionsFromFields } from "@/server/ingest/csv-options-from-fields";
import { importCsv, type CsvInput } from "@/server/ingest/import-csv";
import type { CsvImportResultBody } from "@/server/ingest/schemas";

const CSV_TYPES = ["text/csv", "text/plain", "application/csv", "application/octet-stream", "multipart/form-data"];

export const POST = handleRoute(async (request: Request) => {
  const db = await routeDb();
  const key = await authenticate(db, request, "ingest");
  const fields = new Map(new URL(request.url).searchParams);
  const type = mediaType(request);
  if (!CSV_TYPES.includes(type)) throw new UnsupportedMediaTypeError(type, CSV_TYPES);

  let input: CsvInput;
  if (type === "multipart/form-data") {
    const bytes = await readBodyBytes(request, env.MAX_BODY_BYTES);
    let form: FormData;
    try {
      form = await new Response(bytes as BodyInit, { headers: { "content-type": request.headers.get("content-type")! } }).formData();
    } catch (error) {
      throw new BadRequestError(`malformed multipart body: ${error instanceof Error ? error.message : String(error)}`, "(body)");
    }
    let file: Blob | undefined;
    for (const [name, value] of form) {
      if (name === "file" && typeof value !== "string") file = value;
      else if (typeof value === "string") fields.set(name, value);
    }
    if (!file) throw new ValidationError("multipart body needs a `file` field with the CSV", { field: "file" });
    input = Readable.fromWeb(file.stream() as import("node:stream/web").ReadableStream<Uint8Array>);
  } else {
    input = limitedBody(request, env.MAX_BODY_BYTES);
  }
  const assetRef = fields.get("asset");
  if (!assetRef) throw new ValidationError("asset: give the asset's id or slug (?asset=...)", { field: "asset" });
  const asset = await getAsset(db, { idOrSlug: assetRef });
  requireAssetAccess(key, asset.id, assetRef);
  const options = csvOptionsFromFields(fields, ["asset"]);
  const result: CsvImportResultBody = await importCsv(db, { asset: asset.id, input, options });
  return json(result, 201);
});

export const { GET, PUT, PATCH, DELETE } = methodNotAllowed("POST");
