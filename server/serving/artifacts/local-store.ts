/** Artifact store on a local directory: <root>/<sha[0..2]>/<sha>.onnx (or <sha>.state.json) and <sha>.manifest.json. */
import { mkdir, readFile, readdir, rename, writeFile, stat } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { ModelManifest } from "@/ml/onnx/signature";
import { ArtifactNotFoundError } from "./errors";
import type { StoredManifest } from "./manifest";
import type { ArtifactStore } from "./store";
import { encodeState, verifyState, type StateArtifact, type StoredStateManifest, type VerifiedState } from "./state-artifact";
import { assertSha256, sha256Hex, verifyArtifact, type VerifiedArtifact } from "./verify-artifact";

async function readOrNull(file: string): Promise<Buffer | null> {
  try {
    return await readFile(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw err;
  }
}

/** Write to a temporary name and rename, so a reader never sees a half-written file. */
async function writeAtomic(file: string, data: Uint8Array | string): Promise<void> {
  const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
  await writeFile(tmp, data);
  await rename(tmp, file);
}

export class LocalArtifactStore implements ArtifactStore {
  readonly location: string;
  constructor(private readonly root: string) {
    this.location = pathToFileURL(path.resolve(root)).href;
  }

  private paths(sha256: string) {
    const dir = path.join(this.root, sha256.slice(0, 2));
    return { dir, model: path.join(dir, `${sha256}.onnx`), state: path.join(dir, `${sha256}.state.json`), manifest: path.join(dir, `${sha256}.manifest.json`) };
  }

  async put(bytes: Uint8Array, manifest: ModelManifest): Promise<StoredManifest> {
    const sha256 = sha256Hex(bytes);
    const stored: StoredManifest = { ...manifest, sha256, sizeBytes: bytes.byteLength };
    // Refuse to store what could not be loaded back.
    verifyArtifact(sha256, bytes, JSON.stringify(stored));
    const p = this.paths(sha256);
    await mkdir(p.dir, { recursive: true });
    await writeAtomic(p.model, bytes);
    await writeAtomic(p.manifest, JSON.stringify(stored, null, 2));
    return stored;
  }

  async get(sha256: string): Promise<VerifiedArtifact> {
    assertSha256(sha256);
    const p = this.paths(sha256);
    const bytes = await readOrNull(p.model);
    if (!bytes) throw new ArtifactNotFoundError(sha256, this.location);
    const manifest = await readOrNull(p.manifest);
    return verifyArtifact(sha256, new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), manifest?.toString("utf8") ?? null);
  }

  async putState(artifact: StateArtifact): Promise<StoredStateManifest> {
    const { bytes, manifest } = encodeState(artifact);
    const p = this.paths(manifest.sha256);
    await mkdir(p.dir, { recursive: true });
    await writeAtomic(p.state, bytes);
    await writeAtomic(p.manifest, JSON.stringify(manifest, null, 2));
    return manifest;
  }

  async getState(sha256: string): Promise<VerifiedState> {
    assertSha256(sha256);
    const p = this.paths(sha256);
    const bytes = await readOrNull(p.state);
    if (!bytes) throw new ArtifactNotFoundError(sha256, this.location);
    const manifest = await readOrNull(p.manifest);
    return verifyState(sha256, new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), manifest?.toString("utf8") ?? null);
  }

  async has(sha256: string): Promise<boolean> {
    assertSha256(sha256);
    try {
      await stat(this.paths(sha256).model);
      return true;
    } catch {
      return false;
    }
  }

  async list(): Promise<string[]> {
    let dirs: string[];
    try {
      dirs = await readdir(this.root);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "ENOENT") return [];
      throw err;
    }
    const out: string[] = [];
    for (const d of dirs.filter((n) => /^[0-9a-f]{2}$/.test(n)).sort()) {
      for (const f of (await readdir(path.join(this.root, d))).sort()) {
        const m = /^([0-9a-f]{64})\.onnx$/.exec(f);
        if (m) out.push(m[1]);
      }
    }
    return out;
  }
}
