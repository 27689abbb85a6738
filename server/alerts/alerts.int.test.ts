/**
 * Alerts on a real (test) database with real channels: a local HTTP receiver on 127.0.0.1 that verifies the
 * HMAC signature, and a local SMTP sink (smtp-server) that the nodemailer transport sends to.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { eq } from "drizzle-orm";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/db/client";
import { alertEvents, assets, ingestRuns, users } from "@/db/schema";
import { createTestDb } from "@/db/testing";
import { ValidationError } from "@/server/http/errors";
import { countUnreadAlerts, listInbox, markAlertsRead } from "./alert-inbox";
import { createAlertRule, deleteAlertRule, listAlertRules, updateAlertRule } from "./alert-rules";
import { deliverPendingAlerts, type DeliverAlertsDeps } from "./deliver-pending-alerts";
import { evaluateAlertRules } from "./evaluate-alert-rules";
import { listDeliveries } from "./list-deliveries";
import { createSmtpMailer } from "./mailer";
import { SIGNATURE_HEADER, verifyWebhookSignature } from "./webhook-signature";
import { createWebhookEndpoint } from "./webhook-endpoints";

let handle: DbHandle;
let assetId: string;
let userId: string;
const T = new Date("2026-03-02T10:00:00Z");
const min = (m: number) => new Date(T.getTime() + m * 60_000);

/** A receiver that answers the next status of `script` (then 200), verifying each request's signature. */
function receiver(secretOf: () => string, script: number[] = []) {
  const seen: { verified: boolean; reason?: string; body: unknown; attempt: string | undefined; status: number }[] = [];
  const raw: { header: string | undefined; body: string }[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      // The test moves the deliverer's clock by hand: verify against the time the request was signed for.
      const header = req.headers[SIGNATURE_HEADER.toLowerCase()] as string | undefined;
      const t = Number(/t=(\d+)/.exec(header ?? "")?.[1]) * 1000;
      const v = verifyWebhookSignature({ secret: secretOf(), header, body, now: new Date(t + 1000) });
      raw.push({ header, body });
      const status = !v.ok ? 401 : (script.shift() ?? 200);
      seen.push({ verified: v.ok, reason: v.ok ? undefined : v.reason, body: JSON.parse(body), attempt: req.headers["x-almanac-attempt"] as string | undefined, status });
      res.writeHead(status).end();
    });
  });
  return { server, seen, raw };
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
}

/** The body of a quoted-printable message as text (nodemailer encodes the em dash of the message). */
function quotedPrintable(raw: string): string {
  const body = raw.slice(raw.indexOf("\r\n\r\n") + 4).replace(/=\r?\n/g, "");
  return Buffer.from(body.replace(/=([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16))), "latin1").toString("utf8");
}

const webhookDeps = (): DeliverAlertsDeps => ({ webhook: { allowHosts: ["127.0.0.1"] }, mailer: null });

beforeAll(async () => {
  handle = await createTestDb();
  [{ id: assetId }] = await handle.db.insert(assets).values({ slug: "alert-a", name: "Alerted A", kind: "meter" }).returning({ id: assets.id });
  [{ id: userId }] = await handle.db.insert(users).values({ email: "viewer@alerts.test", name: "V", role: "viewer" }).returning({ id: users.id });
  await handle.db.insert(ingestRuns).values([
    { source: "rest", assetId, status: "failed", startedAt: min(-10), error: { message: "boom" } },
    { source: "rest", assetId, status: "succeeded", startedAt: min(-5) },
  ]);
});
afterAll(async () => handle?.close());

describe("alert rules", () => {
  it("are created, listed, updated and deleted; bad input names the field", async () => {
    const rule = await createAlertRule(handle.db, { input: { name: "crud", metric: "job_failure", threshold: 1, windowMinutes: 60, cooldownMinutes: 60 }, userId: null });
    expect(rule).toMatchObject({ scope: "all", enabled: true, openRetrainJob: false, channels: { webhookEndpointIds: [], emails: [] } });
    await expect(createAlertRule(handle.db, { input: { name: "crud", metric: "job_failure", threshold: 1, windowMinutes: 60, cooldownMinutes: 60 }, userId: null })).rejects.toMatchObject({ field: "name" });
    const missing = "00000000-0000-4000-8000-000000000000";
    const err = await createAlertRule(handle.db, { input: { name: "x", metric: "anomaly_rate", threshold: 1, windowMinutes: 60, cooldownMinutes: 60, scope: "asset", assetId: missing }, userId: null }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect(err).toMatchObject({ field: "assetId" });
    await expect(
      createAlertRule(handle.db, { input: { name: "y", metric: "anomaly_rate", threshold: 1, windowMinutes: 60, cooldownMinutes: 60, scope: "model" }, userId: null }),
    ).rejects.toMatchObject({ name: "ValidationError", field: "modelId" });
    const updated = await updateAlertRule(handle.db, { input: { id: rule.id, name: "crud", metric: "job_failure", threshold: 3, windowMinutes: 30, cooldownMinutes: 10, enabled: false }, userId: null });
    expect(updated).toMatchObject({ threshold: 3, windowMinutes: 30, enabled: false });
    await deleteAlertRule(handle.db, { id: rule.id, userId: null });
    expect((await listAlertRules(handle.db)).map((r) => r.name)).not.toContain("crud");
  });
});

describe("evaluateAlertRules", () => {
  it("raises an event once, not again inside the cooldown, and again after it; the inbox counts it unread", async () => {
    const rule = await createAlertRule(handle.db, {
      input: { name: "ingest failures", metric: "ingest_failure", threshold: 1, windowMinutes: 120, cooldownMinutes: 30, scope: "asset", assetId },
      userId: null,
    });
    const first = await evaluateAlertRules(handle.db, {}, { now: min(5), ruleIds: [rule.id] });
    expect(first.fired).toEqual([expect.objectContaining({ ruleId: rule.id, scopeKey: `asset:${assetId}`, value: 1 })]);
    // The same evaluation retried (same now), and two racing in the same 30-min bucket: the dedupe key holds.
    const again = await evaluateAlertRules(handle.db, {}, { now: min(5), ruleIds: [rule.id] });
    expect(again.fired).toEqual([]);
    expect(again.suppressed).toEqual([{ ruleId: rule.id, scopeKey: `asset:${assetId}`, reason: "duplicate" }]);
    const racing = await Promise.all([min(20), min(29)].map((now) => evaluateAlertRules(handle.db, {}, { now, ruleIds: [rule.id] })));
    expect(racing.flatMap((r) => r.fired)).toEqual([]);
    // In the next bucket but 27 minutes after the event: the cooldown holds.
    const inside = await evaluateAlertRules(handle.db, {}, { now: min(32), ruleIds: [rule.id] });
    expect(inside.fired).toEqual([]);
    expect(inside.suppressed).toEqual([{ ruleId: rule.id, scopeKey: `asset:${assetId}`, reason: "cooldown" }]);
    let events = await handle.db.select().from(alertEvents).where(eq(alertEvents.ruleId, rule.id));
    expect(events).toHaveLength(1);
    expect(events[0].message).toMatch(/ingest failures: asset .* failed ingest runs in the window is 1 \(threshold 1\)/);

    const after = await evaluateAlertRules(handle.db, {}, { now: min(36), ruleIds: [rule.id] });
    expect(after.fired).toHaveLength(1);
    // Past the window the failure no longer counts: below threshold, no event.
    expect((await evaluateAlertRules(handle.db, {}, { now: min(200), ruleIds: [rule.id] })).fired).toEqual([]);
    events = await handle.db.select().from(alertEvents).where(eq(alertEvents.ruleId, rule.id));
    expect(events).toHaveLength(2);

    expect(await countUnreadAlerts(handle.db, { userId })).toBeGreaterThanOrEqual(2);
    const before = await countUnreadAlerts(handle.db, { userId });
    const { marked, unread } = await markAlertsRead(handle.db, { userId, ids: [events[0].id] });
    expect({ marked, unread }).toEqual({ marked: 1, unread: before - 1 });
    expect((await markAlertsRead(handle.db, { userId, ids: [events[0].id] })).marked).toBe(0);
    const inbox = await listInbox(handle.db, { userId });
    expect(inbox.items.find((e) => e.id === events[0].id)?.readAt).toBeInstanceOf(Date);
    expect(inbox.items.find((e) => e.id === events[1].id)?.readAt).toBeNull();
    expect((await listInbox(handle.db, { userId, unreadOnly: true })).items.map((e) => e.id)).not.toContain(events[0].id);
    await updateAlertRule(handle.db, { input: { ...rule, enabled: false }, userId: null });
  });
});

describe("webhook delivery", () => {
  it("POSTs the event signed with HMAC-SHA256 to a receiver that verifies it", async () => {
    let secret = "";
    const r = receiver(() => secret);
    const url = await listen(r.server);
    try {
      const endpoint = await createWebhookEndpoint(handle.db, { input: { name: "ok hook", url }, userId: null });
      secret = endpoint.secret;
      const rule = await createAlertRule(handle.db, {
        input: { name: "hooked", metric: "ingest_failure", threshold: 1, windowMinutes: 60, cooldownMinutes: 60, channels: { webhookEndpointIds: [endpoint.id], emails: [] } },
        userId: null,
      });
      const { fired } = await evaluateAlertRules(handle.db, {}, { now: T, ruleIds: [rule.id] });
      expect(fired).toHaveLength(1);
      expect(await deliverPendingAlerts(handle.db, webhookDeps(), { now: T })).toMatchObject({ attempted: 1, delivered: 1 });
      expect(r.seen).toEqual([
        { verified: true, reason: undefined, attempt: "1", status: 200, body: expect.objectContaining({ type: "alert.fired", id: fired[0].eventId, value: 1, threshold: 1, rule: expect.objectContaining({ name: "hooked", metric: "ingest_failure" }) }) },
      ]);
      // A receiver holding the wrong secret rejects it: the signature really depends on the secret.
      const [{ header, body }] = r.raw;
      expect(header).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
      expect(verifyWebhookSignature({ secret: "whsec_wrong", header, body, now: T })).toEqual({ ok: false, reason: "mismatch" });
      const [delivery] = await listDeliveries(handle.db, { eventId: fired[0].eventId });
      expect(delivery).toMatchObject({ channel: "webhook", status: "delivered", attempts: 1, lastStatusCode: 200, log: [expect.objectContaining({ attempt: 1, statusCode: 200, error: null })] });
      // Nothing is due any more.
      expect((await deliverPendingAlerts(handle.db, webhookDeps(), { now: min(60) })).attempted).toBe(0);
      await updateAlertRule(handle.db, { input: { ...rule, enabled: false }, userId: null });
    } finally {
      r.server.close();
    }
  });

  it("retries a receiver answering 500, 500, 200 with exponential backoff; the log shows three attempts", async () => {
    let secret = "";
    const r = receiver(() => secret, [500, 500]);
    const url = await listen(r.server);
    try {
      const endpoint = await createWebhookEndpoint(handle.db, { input: { name: "flaky hook", url }, userId: null });
      secret = endpoint.secret;
      const rule = await createAlertRule(handle.db, {
        input: { name: "flaky", metric: "ingest_failure", threshold: 1, windowMinutes: 60, cooldownMinutes: 60, channels: { webhookEndpointIds: [endpoint.id], emails: [] } },
        userId: null,
      });
      const { fired } = await evaluateAlertRules(handle.db, {}, { now: T, ruleIds: [rule.id] });
      const policy = { baseDelayMs: 30_000, maxDelayMs: 3_600_000 };
      const at = (ms: number) => new Date(T.getTime() + ms);
      expect(await deliverPendingAlerts(handle.db, webhookDeps(), { now: at(0), policy })).toMatchObject({ attempted: 1, retrying: 1 });
      // Before the backoff has passed nothing is sent; then 30 s, then 60 s more.
      expect((await deliverPendingAlerts(handle.db, webhookDeps(), { now: at(29_999), policy })).attempted).toBe(0);
      expect(await deliverPendingAlerts(handle.db, webhookDeps(), { now: at(30_000), policy })).toMatchObject({ attempted: 1, retrying: 1 });
      expect((await deliverPendingAlerts(handle.db, webhookDeps(), { now: at(89_999), policy })).attempted).toBe(0);
      expect(await deliverPendingAlerts(handle.db, webhookDeps(), { now: at(90_000), policy })).toMatchObject({ attempted: 1, delivered: 1 });

      expect(r.seen.map((s) => [s.verified, s.attempt, s.status])).toEqual([
        [true, "1", 500],
        [true, "2", 500],
        [true, "3", 200],
      ]);
      const [delivery] = await listDeliveries(handle.db, { eventId: fired[0].eventId });
      expect(delivery).toMatchObject({ status: "delivered", attempts: 3, nextAttemptAt: null });
      expect(delivery.log.map((a) => [a.attempt, a.statusCode, a.error, a.nextAttemptAt?.getTime() ?? null])).toEqual([
        [1, 500, "HTTP 500", at(30_000).getTime()],
        [2, 500, "HTTP 500", at(90_000).getTime()],
        [3, 200, null, null],
      ]);
      await updateAlertRule(handle.db, { input: { ...rule, enabled: false }, userId: null });
    } finally {
      r.server.close();
    }
  });

  it("gives up after maxAttempts and refuses a loopback URL that is not allow-listed", async () => {
    const endpoint = await createWebhookEndpoint(handle.db, { input: { name: "private hook", url: "http://127.0.0.1:9/hook" }, userId: null });
    const rule = await createAlertRule(handle.db, {
      input: { name: "private", metric: "ingest_failure", threshold: 1, windowMinutes: 60, cooldownMinutes: 60, channels: { webhookEndpointIds: [endpoint.id], emails: [] } },
      userId: null,
    });
    const { fired } = await evaluateAlertRules(handle.db, {}, { now: T, ruleIds: [rule.id] });
    const deps: DeliverAlertsDeps = { webhook: { allowHosts: [] }, mailer: null };
    const policy = { maxAttempts: 2, baseDelayMs: 1000 };
    await deliverPendingAlerts(handle.db, deps, { now: T, policy });
    expect(await deliverPendingAlerts(handle.db, deps, { now: new Date(T.getTime() + 1000), policy })).toMatchObject({ attempted: 1, failed: 1 });
    const [delivery] = await listDeliveries(handle.db, { eventId: fired[0].eventId });
    expect(delivery).toMatchObject({ status: "failed", attempts: 2, nextAttemptAt: null });
    expect(delivery.lastError).toMatch(/https/);
    await updateAlertRule(handle.db, { input: { ...rule, enabled: false }, userId: null });
  });
});

describe("email delivery", () => {
  it("sends the alert's text over SMTP to a local sink", async () => {
    const received: { from: string | undefined; to: string[]; raw: string }[] = [];
    const smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ["STARTTLS", "AUTH"],
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on("data", (c: Buffer) => chunks.push(c));
        stream.on("end", () => {
          received.push({ from: session.envelope.mailFrom ? session.envelope.mailFrom.address : undefined, to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString("utf8") });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, "127.0.0.1", resolve));
    const port = (smtp.server.address() as AddressInfo).port;
    const mailer = createSmtpMailer({ url: `smtp://127.0.0.1:${port}`, from: "alerts@almanac.test" });
    try {
      const rule = await createAlertRule(handle.db, {
        input: { name: "mailed", metric: "ingest_failure", threshold: 1, windowMinutes: 60, cooldownMinutes: 60, channels: { webhookEndpointIds: [], emails: ["ops@almanac.test"] } },
        userId: null,
      });
      const { fired } = await evaluateAlertRules(handle.db, {}, { now: T, ruleIds: [rule.id] });
      const [event] = await handle.db.select().from(alertEvents).where(eq(alertEvents.id, fired[0].eventId));
      expect(await deliverPendingAlerts(handle.db, { webhook: { allowHosts: [] }, mailer }, { now: T })).toMatchObject({ attempted: 1, delivered: 1 });
      expect(received).toHaveLength(1);
      expect(received[0]).toMatchObject({ from: "alerts@almanac.test", to: ["ops@almanac.test"] });
      expect(received[0].raw).toMatch(/Subject: \[Almanac alert\] mailed/);
      expect(quotedPrintable(received[0].raw)).toContain(event.message);
      const [delivery] = await listDeliveries(handle.db, { eventId: event.id });
      expect(delivery).toMatchObject({ channel: "email", target: "ops@almanac.test", status: "delivered", log: [expect.objectContaining({ attempt: 1, error: null })] });
      await updateAlertRule(handle.db, { input: { ...rule, enabled: false }, userId: null });
    } finally {
      mailer.close();
      await new Promise<void>((resolve) => smtp.close(() => resolve()));
    }
  });

  it("without SMTP configured an email delivery fails at once, saying why", async () => {
    const rule = await createAlertRule(handle.db, {
      input: { name: "unmailed", metric: "ingest_failure", threshold: 1, windowMinutes: 60, cooldownMinutes: 60, channels: { webhookEndpointIds: [], emails: ["ops@almanac.test"] } },
      userId: null,
    });
    const { fired } = await evaluateAlertRules(handle.db, {}, { now: T, ruleIds: [rule.id] });
    expect(await deliverPendingAlerts(handle.db, webhookDeps(), { now: T })).toMatchObject({ attempted: 1, failed: 1 });
    const [delivery] = await listDeliveries(handle.db, { eventId: fired[0].eventId });
    expect(delivery.lastError).toMatch(/SMTP_URL/);
  });
});
