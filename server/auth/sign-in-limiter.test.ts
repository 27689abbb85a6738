import { afterEach, describe, expect, it } from "vitest";
import { accountKey, createSignInLimiter, type SignInLimiter } from "./sign-in-limiter";

const LIMITS = { maxPerAccount: 5, maxPerAddress: 8, windowS: 60, blockS: 900 };
let limiter: SignInLimiter;
afterEach(async () => limiter?.close());

async function attempts(n: number, email: string, address: string) {
  const out = [];
  for (let i = 0; i < n; i++) out.push(await limiter.check({ email, address }));
  return out;
}

describe("sign-in limiter (memory)", () => {
  it("allows 5 attempts on an account, refuses the 6th with the block time, whatever the address", async () => {
    limiter = await createSignInLimiter(LIMITS);
    const verdicts = [
      ...(await attempts(3, "Ana@Example.com", "10.0.0.1")),
      // Case and spaces do not make a new account; nor does another address.
      ...(await attempts(2, "  ana@example.COM ", "10.0.0.2")),
    ];
    expect(verdicts.every((v) => v.allowed)).toBe(true);
    const sixth = await limiter.check({ email: "ana@example.com", address: "10.0.0.3" });
    expect(sixth).toEqual({ allowed: false, limit: "account", retryAfterS: 900 });
    // Another account is unaffected.
    expect(await limiter.check({ email: "bob@example.com", address: "10.0.0.4" })).toEqual({ allowed: true });
  });

  it("limits one address across accounts, and an unknown email counts like a known one", async () => {
    limiter = await createSignInLimiter(LIMITS);
    const verdicts = [];
    for (let i = 0; i < 9; i++) verdicts.push(await limiter.check({ email: `guess${i}@example.com`, address: "192.0.2.7" }));
    expect(verdicts.slice(0, 8).every((v) => v.allowed)).toBe(true);
    expect(verdicts[8]).toEqual({ allowed: false, limit: "address", retryAfterS: 900 });
    expect(await limiter.check({ email: "guess0@example.com", address: "192.0.2.8" })).toEqual({ allowed: true });
  });

  it("a successful sign-in resets the account and gives the address its attempt back", async () => {
    limiter = await createSignInLimiter({ ...LIMITS, maxPerAddress: 5 });
    // Three wrong passwords, then the right one.
    await attempts(4, "cy@example.com", "198.51.100.1");
    await limiter.succeeded({ email: "CY@example.com", address: "198.51.100.1" });
    // The account starts afresh (5 more); the address has used 3 of its 5 (the success is given back).
    const more = await attempts(2, "cy@example.com", "198.51.100.1");
    expect(more.every((v) => v.allowed)).toBe(true);
    expect(await limiter.check({ email: "cy@example.com", address: "198.51.100.1" })).toMatchObject({ allowed: false, limit: "address" });
  });

  it("keeps the block after the window has passed", async () => {
    limiter = await createSignInLimiter({ maxPerAccount: 1, maxPerAddress: 100, windowS: 1, blockS: 3 });
    await limiter.check({ email: "dee@example.com", address: "a" });
    expect(await limiter.check({ email: "dee@example.com", address: "a" })).toMatchObject({ allowed: false, retryAfterS: 3 });
    await new Promise((r) => setTimeout(r, 1200));
    expect(await limiter.check({ email: "dee@example.com", address: "a" })).toMatchObject({ allowed: false, limit: "account" });
  });

  it("normalises and bounds account keys", () => {
    expect(accountKey("  Ana@Example.COM ")).toBe("ana@example.com");
    expect(accountKey("x".repeat(5000))).toHaveLength(320);
  });
});
