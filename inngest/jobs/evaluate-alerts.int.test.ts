/**
 * evaluate-alerts on the embedded runner: a champion whose served forecasts are twice as wrong as its
 * backtest promised fires an accuracy-drift rule with the retrain flag; the job raises the event once, starts
 * train-model for the model, delivers a signed webhook to a local receiver that verifies it, and emails the
 * alert through SMTP_URL to a local smtp-server sink.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { DbHandle } from "@/db/client";
import { alertEvents, assets, forecasts, jobRuns, observations, series } from "@/db/schema";
import { createTestDb } from "@/db/testing";
import { createAlertRule } from "@/server/alerts/alert-rules";
import { listDeliveries } from "@/server/alerts/list-deliveries";
import { SIGNATURE_HEADER, verifyWebhookSignature } from "@/server/alerts/webhook-signature";
import { createWebhookEndpoint } from "@/server/alerts/webhook-endpoints";
import { createMemoryCache } from "@/server/cache";
import { completeVersion, createVersion, ensureModel } from "@/server/registry";
import { createArtifactStore } from "@/server/serving/artifacts";
import { createInferenceClient } from "@/server/serving/inference";
import { EmbeddedRunner } from "../embedded/runner";
import { evaluateAlerts } from "./evaluate-alerts";
import { trainModel } from "./train-model";

// The job reads SMTP_URL from server/env.ts when it is first imported: start the SMTP sink before any import.
const sink = await vi.hoisted(async () => {
  const { SMTPServer } = await import("smtp-server");
  const mails: { to: string[]; raw: string }[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        mails.push({ to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString("utf8") });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  process.env.SMTP_URL = `smtp://127.0.0.1:${(server.server.address() as { port: number }).port}`;
  process.env.ALERT_EMAIL_FROM = "alerts@almanac.test";
  return { server, mails };
});

const H = 3_600_000;
const T0 = Date.now() - 20 * H;

let handle: DbHandle;
let runner: EmbeddedRunner;
let inference: ReturnType<typeof createInferenceClient>;
let dir: string;
let assetId: string;
let modelId: string;
let secret = "";
const received: { verified: boolean; body: Record<string, unknown> }[] = [];
const hook = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on("data", (c: Buffer) => chunks.push(c));
  req.on("end", () => {
    const body = Buffer.concat(chunks).toString("utf8");
    const v = verifyWebhookSignature({ secret, header: req.headers[SIGNATURE_HEADER.toLowerCase()] as string, body });
    received.push({ verified: v.ok, body: JSON.parse(body) as Record<string, unknown> });
    res.writeHead(v.ok ? 204 : 401).end();
  });
});

beforeAll(async () => {
  handle = await createTestDb();
  dir = await mkdtemp(path.join(os.tmpdir(), "almanac-alerts-"));
  const artifacts = createArtifactStore({ artifactDir: dir });
  inference = createInferenceClient({ store: artifacts, executionProviders: ["cpu"] });
  runner = new EmbeddedRunner({
    db: handle.db,
    definitions: [trainModel, evaluateAlerts],
    deps: { cache: createMemoryCache(), artifacts, inference, http: { allowHosts: ["127.0.0.1"] } },
    retryBaseMs: 1,
    cron: false,
    pollMs: 60_000,
  });
  await runner.start();
  await new Promise<void>((resolve) => hook.listen(0, "127.0.0.1", resolve));

  const [asset] = await handle.db.insert(assets).values({ slug: "drifting", name: "Drifting", kind: "meter" }).returning();
  assetId = asset.id;
  const [s] = await handle.db.insert(series).values({ assetId, metric: "load_kw", frequency: "1h" }).returning();
  const model = await ensureModel(handle.db, { assetId, seriesId: s.id, metric: "load_kw", horizon: 1, frequency: "1h", seasonLengths: [24] });
  modelId = model.id;
  const v = await createVersion(handle.db, { modelId, algorithm: "gbdt-direct", codeVersion: "test" });
  await completeVersion(handle.db, {
    versionId: v.id,
    algorithm: "gbdt-direct",
    parameters: {},
    featureSpec: {},
    featureSpecHash: "x",
    trainingSnapshot: { seriesId: s.id, fromTs: new Date(T0 - 100 * H).toISOString(), toTs: new Date(T0).toISOString(), rowCount: 100, contentHash: "h", stepMs: H },
    backtestMetrics: { h1: { mae: 2, mase: 0.5, baselineMase: 1 }, all: { mase: 0.6, smape: 4, baselineMase: 1 } },
    calibration: {},
    backtestPlot: { ts: [], actual: [], forecast: [], baseline: [] },
    artifactUri: "file://x",
    artifactSha256: "00",
    promoteIfNoChampion: true,
  });
  // Ten served one-step forecasts of 104 against actuals of 100: realised MAE 4, twice the promised 2.
  await handle.db.insert(forecasts).values(
    Array.from({ length: 10 }, (_, k) => ({
      modelId,
      modelVersionId: v.id,
      originTs: new Date(T0 + k * H),
      stepMs: H,
      horizon: 1,
      levels: [80],
      points: [{ ts: new Date(T0 + (k + 1) * H).toISOString(), mean: 104, lower: { "80": 101 }, upper: { "80": 107 } }],
    })),
  );
  await handle.db.insert(observations).values(Array.from({ length: 12 }, (_, k) => ({ seriesId: s.id, ts: new Date(T0 + k * H), value: 100 })));
});
afterAll(async () => {
  hook.close();
  await new Promise<void>((resolve) => sink.server.close(() => resolve()));
  await runner?.stop();
  await inference?.close();
  await handle?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe("evaluate-alerts (embedded)", () => {
  it("fires the accuracy-drift rule once, opens a train-model job for the model, delivers the signed webhook and the email", async () => {
    const endpoint = await createWebhookEndpoint(handle.db, { input: { name: "receiver", url: `http://127.0.0.1:${(hook.address() as AddressInfo).port}/alerts` }, userId: null });
    secret = endpoint.secret;
    const rule = await createAlertRule(handle.db, {
      input: {
        name: "accuracy drift",
        metric: "accuracy_drift",
        threshold: 1.5,
        windowMinutes: 7 * 24 * 60,
        cooldownMinutes: 24 * 60,
        scope: "model",
        modelId,
        openRetrainJob: true,
        channels: { webhookEndpointIds: [endpoint.id], emails: ["ops@almanac.test"] },
      },
      userId: null,
    });

    const now = new Date().toISOString();
    const { runId } = await runner.dispatchById("evaluate-alerts", { now }, { trigger: "api" });
    expect(await runner.waitFor(runId, 60_000)).toBe("succeeded");

    const events = await handle.db.select().from(alertEvents).where(eq(alertEvents.ruleId, rule.id));
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ modelId, assetId, scopeKey: `model:${modelId}`, value: 2, threshold: 1.5 });
    expect(events[0].retrainRunId).not.toBeNull();

    const [train] = await handle.db.select().from(jobRuns).where(and(eq(jobRuns.jobId, "train-model"), eq(jobRuns.dedupeKey, `alert:${events[0].id}`)));
    expect(train).toMatchObject({ id: events[0].retrainRunId, trigger: "alert", assetId, payload: expect.objectContaining({ assetId, metric: "load_kw" }) });

    expect(received).toEqual([{ verified: true, body: expect.objectContaining({ type: "alert.fired", id: events[0].id, modelId, value: 2, retrainRunId: train.id }) }]);
    const deliveries = await listDeliveries(handle.db, { eventId: events[0].id });
    expect(deliveries.find((d) => d.channel === "webhook")).toMatchObject({ status: "delivered", attempts: 1, lastStatusCode: 204 });
    expect(deliveries.find((d) => d.channel === "email")).toMatchObject({ status: "delivered", attempts: 1, target: "ops@almanac.test" });
    expect(sink.mails).toHaveLength(1);
    expect(sink.mails[0].to).toEqual(["ops@almanac.test"]);
    expect(sink.mails[0].raw).toMatch(/^From: alerts@almanac\.test/m);
    expect(sink.mails[0].raw).toMatch(/^Subject: \[Almanac alert\] accuracy drift/m);
    // The body is quoted-printable (the message has an em dash): undo soft breaks and =XX escapes.
    const text = Buffer.from(sink.mails[0].raw.replace(/=\r?\n/g, "").replace(/=([0-9A-F]{2})/g, (_, x: string) => String.fromCharCode(parseInt(x, 16))), "latin1").toString("utf8");
    expect(text).toContain(events[0].message);
    expect(text).toContain(`Retraining job: ${train.id}`);

    // A second tick inside the cooldown raises nothing, starts no second training, sends nothing.
    const second = await runner.dispatchById("evaluate-alerts", { now: new Date(Date.parse(now) + 5 * 60_000).toISOString() }, { trigger: "api" });
    expect(await runner.waitFor(second.runId, 60_000)).toBe("succeeded");
    expect(await handle.db.select().from(alertEvents).where(eq(alertEvents.ruleId, rule.id))).toHaveLength(1);
    expect(await handle.db.select().from(jobRuns).where(eq(jobRuns.jobId, "train-model"))).toHaveLength(1);
    expect(received).toHaveLength(1);
    expect(sink.mails).toHaveLength(1);

    // The training itself runs (this tiny series may not train); let it finish before the database goes.
    await runner.waitFor(train.id, 120_000);
  });
});
