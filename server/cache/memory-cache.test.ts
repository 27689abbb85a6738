import { describe, expect, it } from "vitest";
import { getJson, setJson } from "./cache";
import { createMemoryCache } from "./memory-cache";

describe("memory cache", () => {
  it("stores, expires and deletes values", async () => {
    let nowMs = 1_000;
    const cache = createMemoryCache(() => nowMs);
    await cache.set("a", "1", 10);
    await cache.set("b", "2");
    expect(await cache.get("a")).toBe("1");
    nowMs += 10_001;
    expect(await cache.get("a")).toBeNull();
    expect(await cache.get("b")).toBe("2");
    await cache.del("b", "missing");
    expect(await cache.get("b")).toBeNull();
  });

  it("round-trips JSON and treats a corrupt entry as a miss", async () => {
    const cache = createMemoryCache();
    await setJson(cache, "k", { x: [1, 2] });
    expect(await getJson(cache, "k")).toEqual({ x: [1, 2] });
    await cache.set("bad", "{not json");
    expect(await getJson(cache, "bad")).toBeNull();
    expect(await cache.get("bad")).toBeNull();
  });
});
