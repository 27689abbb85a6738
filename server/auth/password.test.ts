import { describe, expect, it } from "vitest";
import { env } from "@/server/env";
import { generatePassword, hashPassword, needsRehash, PasswordHashFormatError, passwordHashLoad, verifyPassword } from "./password";

// Low cost keeps the suite fast; the format and comparison logic are the same at any cost.
const FAST = { N: 2 ** 10, r: 8, p: 1 };

describe("password hashing", () => {
  it("verifies the right password and rejects a wrong one", async () => {
    const hash = await hashPassword("correct horse battery", FAST);
    expect(hash).toMatch(/^scrypt\$1024\$8\$1\$[\w-]+\$[\w-]+$/);
    expect(await verifyPassword("correct horse battery", hash)).toBe(true);
    expect(await verifyPassword("correct horse batterY", hash)).toBe(false);
    expect(await verifyPassword("", hash)).toBe(false);
  });

  it("salts every hash", async () => {
    const a = await hashPassword("same password", FAST);
    const b = await hashPassword("same password", FAST);
    expect(a).not.toBe(b);
    expect(await verifyPassword("same password", b)).toBe(true);
  });

  it("hashes with the default production parameters", async () => {
    const hash = await hashPassword("default cost");
    expect(hash.startsWith("scrypt$131072$8$1$")).toBe(true);
    expect(needsRehash(hash)).toBe(false);
    expect(await verifyPassword("default cost", hash)).toBe(true);
  });

  it("flags weaker stored parameters for re-hashing", async () => {
    expect(needsRehash(await hashPassword("x", FAST))).toBe(true);
  });

  it("rejects malformed stored hashes loudly", async () => {
    await expect(verifyPassword("x", "plaintext")).rejects.toBeInstanceOf(PasswordHashFormatError);
    await expect(verifyPassword("x", "scrypt$1000$8$1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA")).rejects.toThrow(/bad N/);
    await expect(hashPassword("")).rejects.toThrow(RangeError);
  });

  it("computes at most PASSWORD_HASH_CONCURRENCY hashes at once; the rest wait their turn", async () => {
    const limit = env.PASSWORD_HASH_CONCURRENCY;
    const stored = await hashPassword("concurrent", FAST);
    const attempts = Array.from({ length: limit + 4 }, (_, i) => verifyPassword(i === 0 ? "concurrent" : "wrong", stored));
    // Slots are taken synchronously, before the first await inside verifyPassword.
    expect(passwordHashLoad()).toEqual({ active: limit, queued: 4, limit });
    let peak = 0;
    const sampler = setInterval(() => (peak = Math.max(peak, passwordHashLoad().active)), 1);
    const results = await Promise.all(attempts);
    clearInterval(sampler);
    expect(results).toEqual([true, ...Array(limit + 3).fill(false)]);
    expect(peak).toBeLessThanOrEqual(limit);
    expect(passwordHashLoad()).toMatchObject({ active: 0, queued: 0 });
  });

  it("generates long random passwords", () => {
    const a = generatePassword();
    expect(a).toHaveLength(24);
    expect(a).not.toBe(generatePassword());
  });
});
