import { describe, expect, it } from "vitest";
import { trainGbdt } from "@/ml/gbdt/train";
import { syntheticRegression } from "@/ml/gbdt/testkit/synthetic-regression";
import { exportGbdtToOnnx } from "@/ml/onnx";
import { randomGbdt } from "@/ml/onnx/testkit/random-gbdt";
import type { ModelVersion } from "@/server/registry";
import type { VerifiedArtifact } from "@/server/serving/artifacts/verify-artifact";
import { loadExplainableTrees } from "./load-explainable-trees";

function versionWith(sha: string | null, kind: "gbdt" | "ridge" | "local"): ModelVersion {
  return { version: 3, state: "champion", algorithm: "gbdt-direct", artifactSha256: sha, manifest: sha ? { kind } : null } as unknown as ModelVersion;
}

function storeOf(bytes: Uint8Array) {
  let gets = 0;
  return {
    get: async (sha256: string) => {
      gets++;
      return { sha256, bytes } as VerifiedArtifact;
    },
    gets: () => gets,
  };
}

describe("loadExplainableTrees", () => {
  it("reads a trained GBDT's artifact once per hash, with cover", async () => {
    const { X, y } = syntheticRegression(500, 4, 1);
    const { model } = trainGbdt({ X, y, nRows: 500, nFeatures: 4 }, { numTrees: 5, maxLeaves: 7 });
    const store = storeOf(exportGbdtToOnnx(model).bytes);
    const a = await loadExplainableTrees({ artifacts: store }, versionWith("a".repeat(64), "gbdt"));
    const b = await loadExplainableTrees({ artifacts: store }, versionWith("a".repeat(64), "gbdt"));
    expect(a.ok && b.ok).toBe(true);
    if (a.ok) expect(a.head.trees.map((t) => t.cover)).toEqual(model.trees.map((t) => t.cover));
    expect(store.gets()).toBe(1);
  });

  it("says why a version cannot be explained", async () => {
    const store = storeOf(exportGbdtToOnnx(randomGbdt({ seed: 1, nFeatures: 3, nTrees: 2, maxDepth: 2 })).bytes);
    const old = await loadExplainableTrees({ artifacts: store }, versionWith("b".repeat(64), "gbdt"));
    expect(old).toEqual({ ok: false, reason: expect.stringMatching(/before node cover was recorded/) });
    expect(await loadExplainableTrees({ artifacts: store }, versionWith("c".repeat(64), "local"))).toEqual({ ok: false, reason: expect.stringMatching(/GBDT versions/) });
    expect(await loadExplainableTrees({ artifacts: store }, versionWith(null, "gbdt"))).toEqual({ ok: false, reason: expect.stringMatching(/no artifact/) });
  });
});
