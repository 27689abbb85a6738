/**
 * A version's trees for TreeSHAP, read back from its served ONNX artifact (ml/onnx/read-gbdt.ts), so the
 * explanation is of exactly the model that answers. Parsed trees are kept per artifact hash (immutable,
 * content-addressed). Versions that cannot be explained this way get a reason instead.
 */
import { readGbdtFromOnnx, type ReadGbdtHead } from "@/ml/onnx";
import type { ModelVersion } from "@/server/registry";
import type { ArtifactStore } from "@/server/serving/artifacts/store";

export type ExplainableTrees = { ok: true; head: ReadGbdtHead } | { ok: false; reason: string };

const MAX_CACHED = 16;
const parsed = new Map<string, ReadGbdtHead>();

export async function loadExplainableTrees(deps: { artifacts: Pick<ArtifactStore, "get"> }, version: ModelVersion): Promise<ExplainableTrees> {
  const sha = version.artifactSha256;
  if (!sha || !version.manifest) return { ok: false, reason: `version ${version.version} has no artifact (state ${version.state})` };
  if (version.manifest.kind !== "gbdt") {
    return { ok: false, reason: `explanations are computed for GBDT versions; version ${version.version} is ${version.algorithm} (${version.manifest.kind})` };
  }
  let head = parsed.get(sha);
  if (!head) {
    const artifact = await deps.artifacts.get(sha);
    const heads = readGbdtFromOnnx(artifact.bytes);
    head = heads.find((h) => h.column === "mean") ?? heads[0];
    if (parsed.size >= MAX_CACHED) parsed.delete(parsed.keys().next().value!);
    parsed.set(sha, head);
  }
  if (head.trees.some((t) => !t.cover)) {
    return { ok: false, reason: `version ${version.version}'s artifact was exported before node cover was recorded; retrain to explain it` };
  }
  return { ok: true, head };
}
