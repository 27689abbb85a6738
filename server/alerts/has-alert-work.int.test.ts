/** evaluate-alerts' cron guard: a tick runs only with an enabled rule or a delivery due. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/db/client";
import { alertDeliveries, alertEvents } from "@/db/schema";
import { createTestDb } from "@/db/testing";
import { createAlertRule, updateAlertRule } from "./alert-rules";
import { hasAlertWork } from "./has-alert-work";

let handle: DbHandle;
beforeAll(async () => {
  handle = await createTestDb();
});
afterAll(async () => handle?.close());

describe("hasAlertWork", () => {
  it("is false with no rules, true with an enabled one, and true for a due delivery of a disabled rule", async () => {
    const now = new Date("2026-05-01T00:00:00Z");
    expect(await hasAlertWork(handle.db, { now })).toBe(false);
    const rule = await createAlertRule(handle.db, { input: { name: "w", metric: "job_failure", threshold: 1, windowMinutes: 60, cooldownMinutes: 60 }, userId: null });
    expect(await hasAlertWork(handle.db, { now })).toBe(true);
    await updateAlertRule(handle.db, { input: { id: rule.id, enabled: false }, userId: null });
    expect(await hasAlertWork(handle.db, { now })).toBe(false);
    const [event] = await handle.db
      .insert(alertEvents)
      .values({ ruleId: rule.id, scopeKey: "all", value: 1, threshold: 1, message: "m", dedupeKey: "k" })
      .returning({ id: alertEvents.id });
    await handle.db.insert(alertDeliveries).values({ eventId: event.id, channel: "email", target: "a@b.c", nextAttemptAt: new Date(now.getTime() + 60_000) });
    expect(await hasAlertWork(handle.db, { now })).toBe(false);
    expect(await hasAlertWork(handle.db, { now: new Date(now.getTime() + 60_000) })).toBe(true);
  });
});
