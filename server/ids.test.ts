import { describe, expect, it } from "vitest";
import { isUuid, uuidSchema } from "./ids";

describe("isUuid", () => {
  it("accepts the 8-4-4-4-12 hex shape of any version and case, nothing else", () => {
    expect(isUuid("00000007-ae47-5e34-bfff-ffea00000010")).toBe(true);
    expect(isUuid("0190F3A2-7B1C-7D4E-9F00-123456789ABC")).toBe(true);
    expect(isUuid("plant-1")).toBe(false);
    expect(isUuid("00000007-ae47-5e34-bfff-ffea0000001")).toBe(false);
    expect(isUuid(" 00000007-ae47-5e34-bfff-ffea00000010")).toBe(false);
    expect(isUuid(undefined)).toBe(false);
  });

  it("uuidSchema is zod's RFC check (stricter than the shape)", () => {
    expect(uuidSchema.safeParse("0190f3a2-7b1c-7d4e-9f00-123456789abc").success).toBe(true);
    expect(uuidSchema.safeParse("00000000-0000-0000-0000-00000000000g").success).toBe(false);
  });
});
