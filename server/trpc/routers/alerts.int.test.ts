/** The alerts router through createCaller: who may do what, bad input as field errors, the inbox per user. */
import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb } from "@/db/testing";
import { assets, ingestRuns, users, type UserRole } from "@/db/schema";
import { evaluateAlertRules } from "@/server/alerts/evaluate-alert-rules";
import type { SessionUser } from "@/server/auth/session-user";
import { createCaller } from "../root";

let handle: Awaited<ReturnType<typeof createTestDb>>;
const people: Record<UserRole, SessionUser> = {} as never;
const as = (role: UserRole | null) => createCaller({ db: handle.db, user: role ? people[role] : null });

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return "OK";
  } catch (err) {
    if (err instanceof TRPCError) return err.code;
    throw err;
  }
}

beforeAll(async () => {
  handle = await createTestDb();
  for (const role of ["admin", "analyst", "viewer"] as const) {
    const [u] = await handle.db.insert(users).values({ email: `${role}@alerts.local`, role }).returning({ id: users.id, email: users.email, name: users.name, role: users.role });
    people[role] = u;
  }
  const [a] = await handle.db.insert(assets).values({ slug: "r-a", name: "R A", kind: "meter" }).returning();
  await handle.db.insert(ingestRuns).values({ source: "rest", assetId: a.id, status: "failed" });
});
afterAll(async () => handle?.close());

const rule = { name: "failures", metric: "ingest_failure" as const, threshold: 1, windowMinutes: 60, cooldownMinutes: 60 };

describe("alerts router", () => {
  it("lets analysts manage rules, admins endpoints, and nobody signed out", async () => {
    expect(await codeOf(as(null).alerts.unreadCount())).toBe("UNAUTHORIZED");
    expect(await codeOf(as("viewer").alerts.createRule(rule))).toBe("FORBIDDEN");
    expect(await codeOf(as("analyst").alerts.createEndpoint({ name: "h", url: "https://hooks.example.com/x" }))).toBe("FORBIDDEN");
    const endpoint = await as("admin").alerts.createEndpoint({ name: "h", url: "https://hooks.example.com/x" });
    expect(endpoint.secret).toMatch(/^whsec_/);
    expect((await as("analyst").alerts.listEndpoints())[0]).toEqual(expect.objectContaining({ id: endpoint.id, secretHint: `…${endpoint.secret.slice(-4)}` }));
    expect((await as("analyst").alerts.listEndpoints())[0]).not.toHaveProperty("secret");
    const created = await as("analyst").alerts.createRule({ ...rule, channels: { webhookEndpointIds: [endpoint.id], emails: ["ops@example.com"] } });
    expect((await as("analyst").alerts.listRules()).map((r) => r.id)).toEqual([created.id]);
    expect(await as("analyst").alerts.updateRule({ ...rule, id: created.id, threshold: 2 })).toMatchObject({ threshold: 2 });
  });

  it("answers bad input with BAD_REQUEST naming the field", async () => {
    const err = await as("analyst").alerts.createRule({ ...rule, name: "bad", windowMinutes: 0 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TRPCError);
    expect((err as TRPCError).code).toBe("BAD_REQUEST");
    const dup = await as("analyst").alerts.createRule(rule).catch((e: unknown) => e);
    expect((dup as TRPCError).code).toBe("BAD_REQUEST");
    expect((dup as TRPCError).cause).toMatchObject({ name: "ValidationError", field: "name" });
    const email = await as("analyst").alerts.createRule({ ...rule, name: "mail", channels: { webhookEndpointIds: [], emails: ["not an address"] } }).catch((e: unknown) => e);
    expect((email as TRPCError).code).toBe("BAD_REQUEST");
  });

  it("gives every signed-in user an inbox with their own unread count", async () => {
    const [r] = await as("analyst").alerts.listRules();
    expect(r.channels.emails).toEqual(["ops@example.com"]);
    await as("analyst").alerts.updateRule({ id: r.id, threshold: 1 });
    await evaluateAlertRules(handle.db, {}, { now: new Date() });
    expect(await as("viewer").alerts.unreadCount()).toEqual({ unread: 1 });
    const inbox = await as("viewer").alerts.inbox();
    expect(inbox.items).toEqual([expect.objectContaining({ ruleName: "failures", metric: "ingest_failure", readAt: null })]);
    expect(await as("viewer").alerts.markRead({ all: true })).toEqual({ marked: 1, unread: 0 });
    expect(await as("admin").alerts.unreadCount()).toEqual({ unread: 1 });
    expect(await codeOf(as("viewer").alerts.deliveries())).toBe("FORBIDDEN");
    const log = await as("analyst").alerts.deliveries({ eventId: inbox.items[0].id });
    expect(log.map((d) => [d.channel, d.status])).toEqual(expect.arrayContaining([["webhook", "pending"], ["email", "pending"]]));
  });
});
