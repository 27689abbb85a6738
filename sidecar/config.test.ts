import { availableParallelism } from "node:os";
import { describe, expect, it } from "vitest";
import { parseSidecarConfig, SidecarConfigError } from "./config";

describe("parseSidecarConfig", () => {
  it("has working defaults: local store, cuda then cpu, batching on", () => {
    const c = parseSidecarConfig({});
    expect(c).toMatchObject({
      host: "127.0.0.1",
      port: 8081,
      executionProviders: ["cuda", "cpu"],
      batching: { enabled: true, maxRows: 2048, maxWaitUs: 0 },
      store: { artifactDir: ".data/models" },
      workers: 1,
      intraOpThreads: 0,
    });
  });

  it("gives several workers a share of the cores each unless ORT_INTRA_OP_THREADS says otherwise", () => {
    const cores = availableParallelism();
    expect(parseSidecarConfig({ SIDECAR_WORKERS: "0" })).toMatchObject({ workers: 0, intraOpThreads: 0 });
    expect(parseSidecarConfig({ SIDECAR_WORKERS: "2" })).toMatchObject({ workers: 2, intraOpThreads: Math.max(1, Math.floor(cores / 2)) });
    expect(parseSidecarConfig({ SIDECAR_WORKERS: "4", ORT_INTRA_OP_THREADS: "3" })).toMatchObject({ workers: 4, intraOpThreads: 3 });
    expect(() => parseSidecarConfig({ SIDECAR_WORKERS: "-1" })).toThrow(/SIDECAR_WORKERS/);
  });

  it("reads S3, batching and providers, treating empty strings as unset", () => {
    const c = parseSidecarConfig({
      SIDECAR_PORT: "9000",
      ORT_EXECUTION_PROVIDERS: "cpu",
      SIDECAR_BATCHING: "off",
      SIDECAR_BATCH_MAX_WAIT_US: "",
      S3_BUCKET: "models",
      S3_ENDPOINT: "http://127.0.0.1:9001",
      S3_ACCESS_KEY_ID: "a",
      S3_SECRET_ACCESS_KEY: "b",
    });
    expect(c.port).toBe(9000);
    expect(c.executionProviders).toEqual(["cpu"]);
    expect(c.batching.enabled).toBe(false);
    expect(c.batching.maxWaitUs).toBe(0);
    expect(c.store.s3).toMatchObject({ bucket: "models", endpoint: "http://127.0.0.1:9001", forcePathStyle: true });
  });

  it("requires SIDECAR_TOKEN off loopback and in production; loopback development may go without", () => {
    const token = "0123456789abcdef0123";
    expect(() => parseSidecarConfig({ SIDECAR_HOST: "0.0.0.0" })).toThrow(/SIDECAR_TOKEN: required/);
    expect(() => parseSidecarConfig({ SIDECAR_HOST: "10.0.0.5" })).toThrow(/SIDECAR_TOKEN/);
    expect(() => parseSidecarConfig({ NODE_ENV: "production" })).toThrow(/SIDECAR_TOKEN/);
    expect(() => parseSidecarConfig({ SIDECAR_HOST: "0.0.0.0", SIDECAR_TOKEN: "short" })).toThrow(/SIDECAR_TOKEN: at least 16/);
    expect(parseSidecarConfig({ SIDECAR_HOST: "0.0.0.0", SIDECAR_TOKEN: token }).token).toBe(token);
    expect(parseSidecarConfig({ SIDECAR_HOST: "0.0.0.0", SIDECAR_TOKEN: token, NODE_ENV: "production" }).token).toBe(token);
    for (const host of ["127.0.0.1", "localhost", "::1", "127.1.2.3"]) expect(parseSidecarConfig({ SIDECAR_HOST: host }).token).toBeNull();
  });

  it("names the bad variable", () => {
    expect(() => parseSidecarConfig({ SIDECAR_PORT: "http" })).toThrow(/SIDECAR_PORT/);
    expect(() => parseSidecarConfig({ ORT_EXECUTION_PROVIDERS: "tpu" })).toThrow(SidecarConfigError);
    expect(() => parseSidecarConfig({ ORT_EXECUTION_PROVIDERS: "tpu" })).toThrow(/ORT_EXECUTION_PROVIDERS/);
    expect(() => parseSidecarConfig({ S3_BUCKET: "b", S3_ACCESS_KEY_ID: "a" })).toThrow(/S3_SECRET_ACCESS_KEY/);
  });
});
