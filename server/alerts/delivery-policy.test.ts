import { describe, expect, it } from "vitest";
import { backoffDelayMs } from "./deliver-pending-alerts";
import { dedupeKeyOf } from "./evaluate-alert-rules";

describe("backoffDelayMs", () => {
  it("doubles from the base after each failure, capped", () => {
    const policy = { baseDelayMs: 30_000, maxDelayMs: 600_000 };
    expect([1, 2, 3, 4, 5, 6, 7].map((n) => backoffDelayMs(n, policy))).toEqual([30_000, 60_000, 120_000, 240_000, 480_000, 600_000, 600_000]);
  });
});

describe("dedupeKeyOf", () => {
  const rule = { id: "r", windowMinutes: 60, cooldownMinutes: 30 };
  it("buckets by the cooldown, or by the window without one", () => {
    const at = (iso: string) => new Date(iso);
    expect(dedupeKeyOf(rule, "all", at("2026-01-01T10:00:00Z"))).toBe(dedupeKeyOf(rule, "all", at("2026-01-01T10:29:59Z")));
    expect(dedupeKeyOf(rule, "all", at("2026-01-01T10:29:59Z"))).not.toBe(dedupeKeyOf(rule, "all", at("2026-01-01T10:30:00Z")));
    expect(dedupeKeyOf(rule, "all", at("2026-01-01T10:00:00Z"))).not.toBe(dedupeKeyOf(rule, "model:m", at("2026-01-01T10:00:00Z")));
    const noCooldown = { ...rule, cooldownMinutes: 0 };
    expect(dedupeKeyOf(noCooldown, "all", at("2026-01-01T10:00:00Z"))).toBe(dedupeKeyOf(noCooldown, "all", at("2026-01-01T10:59:59Z")));
  });
});
