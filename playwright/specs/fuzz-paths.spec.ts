/**
 * Paths and query strings against the production server (issue #9, defect 6): what Next's own router does
 * before any route handler runs can only be seen here, not in the in-process fuzz (app/api/v1/fuzz.int.test.ts).
 * Requests are written byte for byte on a socket, so malformed percent-escapes, a bare `%`, dot segments and
 * doubled slashes reach the server exactly as sent (fetch and Playwright's request context would normalise
 * them); only bytes a request line may hold are sent (Node's HTTP parser itself answers a bare 400 to a raw
 * control or non-ASCII byte, before the app). No browser, no credentials: a few hundred requests in seconds.
 *
 * Every answer is below 500; every 4xx from /api/* (after resolving dot segments) is application/problem+json
 * whose `status` matches, except the tRPC endpoint's own wire format (JSON with `error.json.data.httpStatus`).
 */
import net from "node:net";
import { expect, test } from "@playwright/test";
import fc from "fast-check";
import { E2E_BASE_URL } from "../e2e-env";

const { hostname, port } = new URL(E2E_BASE_URL);
const SEED = Number(process.env.FUZZ_SEED ?? 9_2026);

interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** One HTTP/1.1 request written as given; the answer read until the server closes. */
function rawRequest(method: string, target: string, body = ""): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: hostname, port: Number(port) });
    const chunks: Buffer[] = [];
    socket.setTimeout(15_000, () => socket.destroy(new Error(`timeout: ${method} ${target}`)));
    socket.on("data", (c: Buffer) => chunks.push(c));
    socket.on("error", reject);
    socket.on("close", () => {
      const text = Buffer.concat(chunks).toString("latin1");
      const end = text.indexOf("\r\n\r\n");
      const [statusLine, ...lines] = text.slice(0, end < 0 ? text.length : end).split("\r\n");
      const headers: Record<string, string> = {};
      for (const l of lines) {
        const i = l.indexOf(":");
        if (i > 0) headers[l.slice(0, i).trim().toLowerCase()] = l.slice(i + 1).trim();
      }
      let raw = end < 0 ? "" : text.slice(end + 4);
      if (headers["transfer-encoding"] === "chunked") raw = dechunk(raw);
      resolve({ status: Number(statusLine.split(" ")[1] ?? 0), headers, body: Buffer.from(raw, "latin1").toString("utf8") });
    });
    const head = [`${method} ${target} HTTP/1.1`, `Host: ${hostname}:${port}`, "Connection: close", "Accept: */*"];
    if (method !== "GET" && method !== "HEAD") head.push("Content-Type: application/json", `Content-Length: ${Buffer.byteLength(body)}`);
    socket.write(`${head.join("\r\n")}\r\n\r\n${method === "GET" || method === "HEAD" ? "" : body}`, "latin1");
  });
}

function dechunk(raw: string): string {
  let out = "";
  let i = 0;
  for (;;) {
    const eol = raw.indexOf("\r\n", i);
    if (eol < 0) return out;
    const size = parseInt(raw.slice(i, eol), 16);
    if (!size) return out;
    out += raw.slice(eol + 2, eol + 2 + size);
    i = eol + 2 + size + 2;
  }
}

/** The properties every /api answer must hold; returns why not, or null. */
function violation(method: string, target: string, res: RawResponse): string | null {
  const where = `${method} ${target} → ${res.status} ${res.headers["content-type"] ?? ""}: ${res.body.slice(0, 200)}`;
  if (!res.status) return `no answer: ${where}`;
  if (res.status >= 500) return where;
  if (res.status < 400 || method === "HEAD") return null;
  // Dot segments, `%2e%2e` included, are resolved as a browser's URL parser does (WHATWG); a path that climbs
  // out of /api is a page path, and Next's page 404 is the right answer there.
  const resolved = new URL(target, E2E_BASE_URL).pathname;
  if (resolved !== "/api" && !resolved.startsWith("/api/")) return null;
  const type = res.headers["content-type"] ?? "";
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(res.body) as Record<string, unknown>;
  } catch {
    return `not JSON: ${where}`;
  }
  if (type.startsWith("application/problem+json")) {
    return body.status === res.status && typeof body.title === "string" ? null : `problem without matching status/title: ${where}`;
  }
  const trpcStatus = (body as { error?: { json?: { data?: { httpStatus?: number } } } }).error?.json?.data?.httpStatus;
  if (/^\/api\/trpc(\/|$|\?)/.test(target) && type.startsWith("application/json") && trpcStatus === res.status) return null;
  return `not problem+json: ${where}`;
}

/** Paths that broke before (defect 6) or that no route file matches. */
const FIXED: [string, string][] = [
  ["GET", "/api"],
  ["GET", "/api/"],
  ["POST", "/api"],
  ["GET", "/api/v1"],
  ["GET", "/api/v1/"],
  ["GET", "/api/v1/assets"],
  ["GET", "/api/v2/nothing?x=1"],
  ["GET", "/api/v1/assets/a%00b/forecast"],
  ["GET", "/api/v1/assets/%ff/forecast"],
  ["GET", "/api/v1/assets/%/forecast"],
  ["GET", "/api/v1/assets/%zz/forecast"],
  ["GET", "/api/v1/%E0%A4%A"],
  ["GET", "/api/v1/assets/x/series/%c0%af"],
  ["GET", "/api/v1/assets/a%0d%0ab/series/x"],
  ["GET", "/api/v1/assets/..%2f..%2fetc/forecast"],
  ["GET", "/api/v1/assets/a/../../forecast"],
  ["GET", "/api//v1//imports"],
  ["POST", "/api/v1/imports/"],
  ["GET", "/api/v1/assets/a/forecast?metric=%00"],
  ["GET", "/api/v1/assets/a/forecast?metric=%ff"],
  ["GET", "/api/v1/assets/a/forecast?%=%"],
  ["GET", "/api/v1/assets/a/series/m?from=%E0%A4%A&to=%C3%BF%FF"],
  ["GET", "/api/v1/training-jobs/%00"],
  ["DELETE", "/api/v1/training-jobs"],
  ["PUT", "/api/v1/assets/a/observations"],
  ["GET", "/api/jobs/%ff/events"],
  ["GET", "/api/jobs/x/events"],
  ["GET", "/api/inngest"],
  ["POST", "/api/inngest?fnId=x"],
  ["GET", "/api/trpc"],
  ["GET", "/api/trpc/"],
  ["GET", "/api/trpc/%ff"],
  ["GET", "/api/trpc/users.list?input=%ff"],
  ["POST", "/api/trpc/users.create"],
  ["PUT", "/api/trpc/users.create"],
  ["GET", "/api/auth/%ff"],
  ["GET", "/api/%ff"],
  ["GET", "/api/%00"],
  ["OPTIONS", "/api/v1/imports"],
  ["HEAD", "/api/v1/nothing"],
];

const KNOWN_SEGMENTS = ["v1", "assets", "a", "forecast", "observations", "series", "m", "imports", "training-jobs", "jobs", "events", "trpc", "inngest", "users.list"];
/** Raw path text: percent-escapes valid or not, dot segments, reserved characters, high bytes. */
const rawSegment = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...KNOWN_SEGMENTS) },
  { weight: 3, arbitrary: fc.constantFrom("%", "%f", "%ff", "%zz", "%00", "%0a", "%2f", "%2e%2e", "%c0%af", "%E0%A4%A", "%ed%a0%80", "..", ".", "", "~", "%20", "+", ";x=1", "@", "!", "$", "'", "(", ")", "*", ",", "=", ":") },
  { weight: 2, arbitrary: fc.string({ unit: fc.constantFrom(..."abz09-_.~%!$&'()*+,;=:@"), maxLength: 12 }) },
  { weight: 1, arbitrary: fc.uint8Array({ minLength: 1, maxLength: 6 }).map((b) => [...b].map((x) => `%${x.toString(16).padStart(2, "0")}`).join("")) },
  { weight: 1, arbitrary: fc.string({ unit: "grapheme-ascii", maxLength: 8 }).map((s) => encodeURIComponent(s)) },
);
const rawQuery = fc.oneof(
  { weight: 2, arbitrary: fc.constant("") },
  {
    weight: 3,
    arbitrary: fc
      .array(fc.tuple(fc.oneof(fc.constantFrom("metric", "from", "to", "limit", "asset", "input", "batch"), rawSegment), rawSegment), { minLength: 1, maxLength: 4 })
      .map((pairs) => `?${pairs.map(([k, v]) => `${k}=${v}`).join("&")}`),
  },
  { weight: 1, arbitrary: fc.constantFrom("?", "?&", "?=", "?%", "?a=%", "?a=%ff&a=%00", "?" + "x".repeat(2000)) },
);
const generated = fc.record({
  method: fc.constantFrom("GET", "GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "HEAD"),
  segments: fc.array(rawSegment, { minLength: 0, maxLength: 5 }),
  query: rawQuery,
  body: fc.oneof(fc.constant(""), fc.constant("{"), fc.json({ maxDepth: 2 })),
});

test("known odd /api paths answer below 500 with problem+json", async () => {
  const failures: string[] = [];
  for (const [method, target] of FIXED) {
    const res = await rawRequest(method, target, method === "GET" || method === "HEAD" ? "" : "{}");
    const why = violation(method, target, res);
    if (why) failures.push(why);
  }
  expect(failures).toEqual([]);
});

test("generated /api paths and query strings answer below 500 with problem+json", async () => {
  const statuses = new Map<number, number>();
  let sent = 0;
  await fc.assert(
    fc.asyncProperty(generated, async ({ method, segments, query, body }) => {
      const target = `/api/${segments.join("/")}${query}`;
      const res = await rawRequest(method, target, body);
      sent++;
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      const why = violation(method, target, res);
      if (why) throw new Error(why);
    }),
    { seed: SEED, numRuns: 300, endOnFailure: true },
  );
  console.log(`[fuzz-paths] ${sent} raw requests (+${FIXED.length} fixed), statuses ${JSON.stringify(Object.fromEntries([...statuses].sort(([a], [b]) => a - b)))}`);
});
