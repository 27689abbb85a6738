/** The sidecar's problem answers (the shared Problem of server/serving/problem.ts): raised by route handlers, written by the server. */
import type { ServerResponse } from "node:http";
import { PROBLEM_CONTENT_TYPE, SIDECAR_PROBLEM_TYPES, type Problem } from "@/server/serving/problem";

export class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    readonly title: string,
    readonly detail: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(detail);
    this.name = "HttpProblem";
  }
}

export const problems = {
  invalidRequest: (detail: string, extra?: Record<string, unknown>) =>
    new HttpProblem(400, SIDECAR_PROBLEM_TYPES.invalidRequest, "Invalid request body", detail, extra),
  invalidRows: (detail: string, extra?: Record<string, unknown>) =>
    new HttpProblem(422, SIDECAR_PROBLEM_TYPES.invalidRows, "Rows do not fit the model input", detail, extra),
  modelNotLoaded: (id: string) =>
    new HttpProblem(404, SIDECAR_PROBLEM_TYPES.modelNotLoaded, "Model not loaded", `model "${id}" is not loaded; POST /v1/models first`, { modelId: id }),
  notFound: (path: string) => new HttpProblem(404, SIDECAR_PROBLEM_TYPES.notFound, "Not found", `no route for ${path}`),
  methodNotAllowed: (method: string, path: string) =>
    new HttpProblem(405, SIDECAR_PROBLEM_TYPES.methodNotAllowed, "Method not allowed", `${method} is not allowed on ${path}`),
  unauthorized: () =>
    new HttpProblem(401, SIDECAR_PROBLEM_TYPES.unauthorized, "Unauthorized", "send Authorization: Bearer <SIDECAR_TOKEN>"),
  payloadTooLarge: (limit: number) =>
    new HttpProblem(413, SIDECAR_PROBLEM_TYPES.payloadTooLarge, "Payload too large", `request body exceeds ${limit} bytes (SIDECAR_MAX_BODY_BYTES)`),
};

export function writeProblem(res: ServerResponse, p: HttpProblem, instance: string): void {
  const body: Problem = { type: p.type, title: p.title, status: p.status, detail: p.detail, instance, ...p.extra };
  const text = JSON.stringify(body);
  res.writeHead(p.status, {
    "content-type": PROBLEM_CONTENT_TYPE,
    "content-length": Buffer.byteLength(text),
    ...(p.status === 401 ? { "www-authenticate": 'Bearer realm="almanac-sidecar"' } : {}),
  });
  res.end(text);
}
