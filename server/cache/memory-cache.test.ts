import { describe, expect, it } from "vitest";
import { getJson, setJson } from "./cache";
import { metrics } from "@/server/observability/metrics";
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

describe("cache lookups in the metrics", () => {
  const count = async (cache: string, result: string) =>
    (await metrics().cacheRequests.get()).values.find((v) => v.labels.cache === cache && v.labels.result === result)?.value ?? 0;

  it("counts hits and misses by the key's prefix; a corrupt entry is a miss", async () => {
    const cache = createMemoryCache();
    const [hit0, miss0] = [await count("predictx", "hit"), await count("predictx", "miss")];
    expect(await getJson(cache, "predictx:v1:abc")).toBeNull();
    await setJson(cache, "predictx:v1:abc", { y: 1 });
    expect(await getJson(cache, "predictx:v1:abc")).toEqual({ y: 1 });
    await cache.set("predictx:v1:bad", "{not json");
    expect(await getJson(cache, "predictx:v1:bad")).toBeNull();
    expect(await count("predictx", "hit")).toBe(hit0 + 1);
    expect(await count("predictx", "miss")).toBe(miss0 + 2);
  });
});
