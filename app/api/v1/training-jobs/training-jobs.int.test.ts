/**
 * REST training jobs and the forecast endpoint, called with real Requests against a test database. The job
 * runs in the app's embedded runtime (the same one the server uses when Inngest is not configured).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { createTestDb } from "@/db/testing";
import { createApiKey } from "@/server/api-keys/manage-api-keys";
import { ensureAsset } from "@/server/assets";
import { setRouteDbForTests } from "@/server/http/handle-route";
import { openApiMismatches } from "@/server/testing/openapi-check";
import { importCsv } from "@/server/ingest/import-csv";
import { getJobRuntime } from "@/inngest/runtime";
import { DEMAND_CSV, FAST_TRAINING } from "@/inngest/testing/job-harness";
import { POST as startJob } from "./route";
import { GET as getJob } from "./[id]/route";
import { GET as getForecast } from "../assets/[assetId]/forecast/route";

const BASE = "http://localhost/api/v1";
let handle: Awaited<ReturnType<typeof createTestDb>>;
const keys: Record<string, string> = {};

/** Every response of these helpers is checked against the OpenAPI document (status, content type, body). */
const documented = async (res: Response, method: string, template: string) => {
  expect(await openApiMismatches(res, method, template)).toEqual([]);
  return res;
};
const post = async (body: unknown, key: string | null = keys.train) =>
  documented(
    await startJob(
      new Request(`${BASE}/training-jobs`, {
        method: "POST",
        headers: { ...(key ? { authorization: `Bearer ${key}` } : {}), "content-type": "application/json" },
        body: JSON.stringify(body),
      }),
    ),
    "POST",
    "/api/v1/training-jobs",
  );
const status = async (id: string) =>
  documented(
    await getJob(new Request(`${BASE}/training-jobs/${id}`, { headers: { authorization: `Bearer ${keys.train}` } }), { params: Promise.resolve({ id }) }),
    "GET",
    "/api/v1/training-jobs/{id}",
  );

beforeAll(async () => {
  handle = await createTestDb();
  setRouteDbForTests(handle);
  const asset = await ensureAsset(handle.db, { slug: "ew-demand", name: "E&W demand", kind: "city" });
  const lines = readFileSync(DEMAND_CSV, "utf8").trim().split("\n");
  await importCsv(handle.db, { asset: asset.id, input: [lines[0], ...lines.slice(-2000)].join("\n") });
  keys.train = (await createApiKey(handle.db, { name: "train", scopes: ["train", "read"] })).key;
  keys.read = (await createApiKey(handle.db, { name: "read", scopes: ["read"] })).key;
});
afterAll(async () => {
  const runtime = await getJobRuntime();
  await runtime.runner?.stop();
  await handle?.close();
});

describe("POST /api/v1/training-jobs", () => {
  it("queues a job (202), reports progress to done, and serves the new forecast", async () => {
    const res = await post({ asset_id: "ew-demand", options: FAST_TRAINING });
    expect(res.status).toBe(202);
    const body = (await res.json()) as { id: string; metric: string; status_url: string };
    expect(body.metric).toBe("demand_mw");
    expect(res.headers.get("location")).toBe(`/api/v1/training-jobs/${body.id}`);
    const runtime = await getJobRuntime();
    expect(await runtime.runner!.waitFor(body.id, 170_000)).toBe("succeeded");
    const job = (await (await status(body.id)).json()) as { status: string; percent: number; metrics: { all: { mase: number; baselineMase: number } }; log: unknown[] };
    expect(job).toMatchObject({ status: "succeeded", percent: 100 });
    expect(job.metrics.all.mase).toBeGreaterThan(0);
    // Scored on the same backtest windows as the seasonal-naive baseline, the trained model beats it.
    expect(job.metrics.all.mase).toBeLessThan(job.metrics.all.baselineMase);
    expect(job.log.length).toBeGreaterThan(3);

    // The refresh-forecasts job queued by the promotion finishes; then the forecast endpoint answers fast.
    const deadline = Date.now() + 30_000;
    let forecastRes: Response;
    do {
      forecastRes = await getForecast(new Request(`${BASE}/assets/ew-demand/forecast?metric=demand_mw`, { headers: { authorization: `Bearer ${keys.read}` } }), {
        params: Promise.resolve({ assetId: "ew-demand" }),
      });
      if (forecastRes.status === 200) break;
      await new Promise((r) => setTimeout(r, 200));
    } while (Date.now() < deadline);
    expect(forecastRes.status).toBe(200);
    expect(await openApiMismatches(forecastRes, "GET", "/api/v1/assets/{assetId}/forecast")).toEqual([]);
    const f = (await forecastRes.json()) as { points: unknown[]; version: { number: number } };
    expect(f.points).toHaveLength(48);
    const t0 = performance.now();
    const again = await getForecast(new Request(`${BASE}/assets/ew-demand/forecast`, { headers: { authorization: `Bearer ${keys.read}` } }), {
      params: Promise.resolve({ assetId: "ew-demand" }),
    });
    expect(again.status).toBe(200);
    expect(performance.now() - t0).toBeLessThan(500);
  });

  it.each([
    [{ asset_id: "ew-demand", data_url: "http://example.com/a.csv" }, 422, /must use https/],
    [{ asset_id: "ew-demand", data_url: "https://127.0.0.1/a.csv" }, 422, /private or loopback/],
    [{ asset_id: "ew-demand", data_url: "ftp://example.com/a.csv" }, 422, /must use https/],
    [{ asset_id: "ew-demand", metric: "nope" }, 422, /no series "nope"/],
    [{ asset_id: "no-such-asset" }, 404, /not found/],
    [{ metric: "x" }, 422, /asset_id/],
  ])("refuses %j with %i problem+json", async (body, code, detail) => {
    const res = await post(body);
    expect(res.status).toBe(code);
    expect(res.headers.get("content-type")).toMatch(/application\/problem\+json/);
    const problem = (await res.json()) as { detail: string };
    expect(problem.detail).toMatch(detail);
  });

  it("needs an API key with the train scope", async () => {
    expect((await post({ asset_id: "ew-demand" }, null)).status).toBe(401);
    expect((await post({ asset_id: "ew-demand" }, keys.read)).status).toBe(403);
  });

  it("answers 404 for an unknown job id", async () => {
    expect((await status("00000000-0000-4000-8000-000000000000")).status).toBe(404);
  });
});
