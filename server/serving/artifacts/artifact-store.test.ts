import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdir, mkdtemp, rm, writeFile, readFile, unlink } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { AddressInfo } from "node:net";
import S3rver from "s3rver";
import { PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { exportGbdtToOnnx } from "@/ml/onnx/export-gbdt";
import { exportRidgeToOnnx } from "@/ml/onnx/export-ridge";
import { randomGbdt } from "@/ml/onnx/testkit/random-gbdt";
import { ArtifactIntegrityError, ArtifactNotFoundError } from "./errors";
import { LocalArtifactStore } from "./local-store";
import { S3ArtifactStore } from "./s3-store";
import { sha256Hex } from "./verify-artifact";
import type { ArtifactStore } from "./store";
import type { StateArtifact } from "./state-artifact";

const gbdt = exportGbdtToOnnx(randomGbdt({ seed: 1, nFeatures: 5, nTrees: 4, maxDepth: 3 }));
const ridge = exportRidgeToOnnx({
  featureNames: ["a", "b"],
  means: [1, 2],
  stds: [3, 4],
  weights: [0.5, -0.25],
  intercept: 7,
});

const state: StateArtifact = {
  format: "almanac-state",
  version: 1,
  model: "median(ets,theta)",
  state: { kind: "combination", how: "median", members: [{ name: "theta", state: { kind: "refit", model: "theta" } }, { name: "naive", state: { kind: "refit", model: "naive" } }] },
  seasonLengths: [12],
  horizon: 18,
  stepMs: 2_592_000_000,
  trainedThroughMs: Date.UTC(2020, 0, 1),
  seed: 0,
};

async function expectRefused(p: Promise<unknown>, reason: string) {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ArtifactIntegrityError);
  expect((err as ArtifactIntegrityError).reason).toBe(reason);
}

/** Behaviour every store must have; `tamper` overwrites a stored object (ext "onnx" | "manifest.json"; null deletes). */
function contract(name: string, setup: () => Promise<{ store: ArtifactStore; tamper: (sha: string, ext: string, data: Uint8Array | string | null) => Promise<void> }>) {
  describe(name, () => {
    let store: ArtifactStore;
    let tamper: (sha: string, ext: string, data: Uint8Array | string | null) => Promise<void>;
    beforeAll(async () => {
      ({ store, tamper } = await setup());
    });

    it("stores content-addressed and loads back verified bytes and manifest", async () => {
      const stored = await store.put(gbdt.bytes, gbdt.manifest);
      expect(stored.sha256).toBe(sha256Hex(gbdt.bytes));
      expect(stored.sizeBytes).toBe(gbdt.bytes.byteLength);
      const again = await store.put(gbdt.bytes, gbdt.manifest);
      expect(again.sha256).toBe(stored.sha256);
      const got = await store.get(stored.sha256);
      expect(Buffer.from(got.bytes).equals(Buffer.from(gbdt.bytes))).toBe(true);
      expect(got.manifest.signature).toEqual(gbdt.manifest.signature);
      expect(await store.has(stored.sha256)).toBe(true);
      expect(await store.list()).toContain(stored.sha256);
    });

    it("reports a missing artifact", async () => {
      await expect(store.get("0".repeat(64))).rejects.toBeInstanceOf(ArtifactNotFoundError);
      expect(await store.has("0".repeat(64))).toBe(false);
      await expectRefused(store.get("not-a-sha"), "invalid-sha");
    });

    it("refuses corrupt bytes (hash mismatch)", async () => {
      const { sha256 } = await store.put(ridge.bytes, ridge.manifest);
      const corrupt = Uint8Array.from(ridge.bytes);
      corrupt[corrupt.length - 3] ^= 0xff;
      await tamper(sha256, "onnx", corrupt);
      await expectRefused(store.get(sha256), "hash-mismatch");
      await tamper(sha256, "onnx", ridge.bytes);
      await expect(store.get(sha256)).resolves.toBeTruthy();
    });

    it("refuses a missing or invalid manifest", async () => {
      const { sha256 } = await store.put(ridge.bytes, ridge.manifest);
      await tamper(sha256, "manifest.json", null);
      await expectRefused(store.get(sha256), "manifest-missing");
      await tamper(sha256, "manifest.json", "{not json");
      await expectRefused(store.get(sha256), "manifest-invalid");
    });

    it("refuses a manifest whose signature differs from the one inside the model", async () => {
      const { sha256 } = await store.put(gbdt.bytes, gbdt.manifest);
      const swapped = {
        ...gbdt.manifest,
        sha256,
        sizeBytes: gbdt.bytes.byteLength,
        signature: {
          ...gbdt.manifest.signature,
          input: { ...gbdt.manifest.signature.input, featureNames: ["f1", "f0", "f2", "f3", "f4"] },
        },
      };
      await tamper(sha256, "manifest.json", JSON.stringify(swapped));
      await expectRefused(store.get(sha256), "signature-mismatch");
    });

    it("refuses to store a manifest that does not describe the bytes", async () => {
      await expectRefused(store.put(gbdt.bytes, ridge.manifest), "signature-mismatch");
    });

    it("stores a local model's state as JSON and loads it back verified", async () => {
      const stored = await store.putState(state);
      const got = await store.getState(stored.sha256);
      expect(got.artifact).toEqual(state);
      expect(got.manifest).toMatchObject({ format: "almanac-state", kind: "local", model: "median(ets,theta)", sha256: stored.sha256 });
      expect((await store.putState(state)).sha256).toBe(stored.sha256);
      // A state id is not an ONNX model (and the other way round).
      await expect(store.get(stored.sha256)).rejects.toBeInstanceOf(ArtifactNotFoundError);
      await expect(store.getState(sha256Hex(gbdt.bytes))).rejects.toBeInstanceOf(ArtifactNotFoundError);
    });

    it("refuses a tampered state, a missing manifest and a state that breaks its schema", async () => {
      const { sha256 } = await store.putState(state);
      const bytes = new TextEncoder().encode(JSON.stringify({ ...state, horizon: 7 }));
      await tamper(sha256, "state.json", bytes);
      await expectRefused(store.getState(sha256), "hash-mismatch");
      // Bytes whose hash is their id but whose content is not a state: refused by the schema, naming the field.
      const bad = new TextEncoder().encode(JSON.stringify({ ...state, state: { kind: "combination", how: "mode", members: [] } }));
      const badSha = sha256Hex(bad);
      await tamper(badSha, "state.json", bad);
      await tamper(badSha, "manifest.json", JSON.stringify({ format: "almanac-state", manifestVersion: 1, kind: "local", model: state.model, sha256: badSha, sizeBytes: bad.byteLength }));
      await expectRefused(store.getState(badSha), "state-invalid");
      await tamper(sha256, "state.json", new TextEncoder().encode(JSON.stringify(state)));
      await tamper(sha256, "manifest.json", null);
      await expectRefused(store.getState(sha256), "manifest-missing");
      await expect(store.putState({ ...state, horizon: 0 })).rejects.toThrow(/horizon/);
    });
  });
}

let root: string;
beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), "almanac-artifacts-"));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

contract("LocalArtifactStore", async () => {
  const dir = path.join(root, "local");
  const store = new LocalArtifactStore(dir);
  return {
    store,
    tamper: async (sha, ext, data) => {
      const file = path.join(dir, sha.slice(0, 2), `${sha}.${ext}`);
      if (data === null) await unlink(file);
      else {
        await mkdir(path.dirname(file), { recursive: true });
        await writeFile(file, data);
      }
    },
  };
});

describe("LocalArtifactStore layout", () => {
  it("writes <root>/<sha[0..2]>/<sha>.onnx with a JSON manifest beside it", async () => {
    const dir = path.join(root, "layout");
    const { sha256 } = await new LocalArtifactStore(dir).put(gbdt.bytes, gbdt.manifest);
    const manifest = JSON.parse(await readFile(path.join(dir, sha256.slice(0, 2), `${sha256}.manifest.json`), "utf8"));
    expect(manifest.producer.name).toBe("almanac-ml-onnx");
    expect(manifest.signature.input.featureNames).toEqual(["f0", "f1", "f2", "f3", "f4"]);
  });
});

// A real S3-compatible server (s3rver, pure JavaScript) on localhost, in-process.
let s3server: S3rver | undefined;
let s3client: S3Client | undefined;
afterAll(async () => {
  s3client?.destroy();
  await s3server?.close();
});

contract("S3ArtifactStore (s3rver on localhost)", async () => {
  s3server = new S3rver({
    address: "127.0.0.1",
    port: 0,
    silent: true,
    directory: path.join(root, "s3"),
    configureBuckets: [{ name: "models", configs: [] }],
  });
  const addr: AddressInfo = await s3server.run();
  const endpoint = `http://127.0.0.1:${addr.port}`;
  const opts = { bucket: "models", prefix: "almanac/", endpoint, accessKeyId: "S3RVER", secretAccessKey: "S3RVER" };
  const store = new S3ArtifactStore(opts);
  s3client = new S3Client({
    region: "us-east-1",
    endpoint,
    forcePathStyle: true,
    credentials: { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" },
    requestChecksumCalculation: "WHEN_REQUIRED",
  });
  const client = s3client;
  return {
    store,
    tamper: async (sha, ext, data) => {
      const Key = `almanac/models/${sha}.${ext}`;
      if (data === null) {
        const { DeleteObjectCommand } = await import("@aws-sdk/client-s3");
        await client.send(new DeleteObjectCommand({ Bucket: "models", Key }));
      } else await client.send(new PutObjectCommand({ Bucket: "models", Key, Body: data }));
    },
  };
});
