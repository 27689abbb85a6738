/**
 * Test helper: checks a real response against the OpenAPI document — its status must be documented for the
 * route and its JSON body must validate against the documented schema (Ajv, JSON Schema 2020-12, the dialect
 * of OpenAPI 3.1).
 */
import Ajv2020 from "ajv/dist/2020";
import { openApiDocument } from "@/server/openapi/document";

let ajv: Ajv2020 | undefined;

function validator() {
  if (!ajv) {
    ajv = new Ajv2020({ strict: false, allErrors: true });
    ajv.addSchema(openApiDocument() as object, "openapi");
  }
  return ajv;
}

const pointer = (s: string) => s.replace(/~/g, "~0").replace(/\//g, "~1");

/** Returns the problems found (empty when the response matches the document). */
export async function openApiMismatches(response: Response, method: string, pathTemplate: string): Promise<string[]> {
  const doc = openApiDocument();
  const op = (doc.paths?.[pathTemplate] as Record<string, { responses?: Record<string, { content?: Record<string, unknown> }> }> | undefined)?.[method.toLowerCase()];
  if (!op) return [`${method} ${pathTemplate} is not in the document`];
  const status = String(response.status);
  const documented = op.responses?.[status];
  if (!documented) return [`${method} ${pathTemplate}: status ${status} is not documented (has ${Object.keys(op.responses ?? {}).join(", ")})`];
  const type = (response.headers.get("content-type") ?? "").split(";")[0].trim();
  const content = documented.content ?? {};
  if (!(type in content)) return [`${method} ${pathTemplate} ${status}: content type ${type} is not documented (has ${Object.keys(content).join(", ")})`];
  if (!type.endsWith("json")) return [];
  const body: unknown = await response.clone().json();
  const ref = `openapi#/paths/${pointer(pathTemplate)}/${method.toLowerCase()}/responses/${status}/content/${pointer(type)}/schema`;
  const validate = validator().getSchema(ref) ?? validator().compile({ $ref: ref });
  if (validate(body)) return [];
  return (validate.errors ?? []).map((e) => `${method} ${pathTemplate} ${status}: ${e.instancePath || "(body)"} ${e.message}`);
}
