/**
 * Which onnxruntime execution provider a session gets. Configured as an ordered list ("cuda,cpu"): CUDA is only
 * tried when onnxruntime-node's CUDA provider library is installed next to its binding (it is not bundled in the
 * npm package; `npm install` with onnxruntime-node-install=cuda12 downloads it), and a CUDA session that fails to
 * initialise (no CUDA 12 runtime / cuDNN 9 / GPU) falls back to the next provider. CPU is always last.
 */
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

export type ExecutionProviderName = "cuda" | "cpu";

export function parseExecutionProviders(spec: string | undefined): ExecutionProviderName[] {
  const names = (spec ?? "cuda,cpu")
    .split(",")
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
  const out: ExecutionProviderName[] = [];
  for (const n of names) {
    if (n !== "cuda" && n !== "cpu") throw new Error(`unknown execution provider "${n}" (supported: cuda, cpu)`);
    if (!out.includes(n)) out.push(n);
  }
  if (!out.includes("cpu")) out.push("cpu");
  return out;
}

/** Directory of onnxruntime-node's native binding for this platform. */
function bindingDir(): string | null {
  try {
    const pkg = createRequire(import.meta.url).resolve("onnxruntime-node/package.json");
    return path.join(path.dirname(pkg), "bin", "napi-v6", process.platform, process.arch);
  } catch {
    // onnxruntime-node cannot be resolved from here: no CUDA library to find, so "cuda" is skipped with its reason.
    return null;
  }
}

/** True when libonnxruntime_providers_cuda.so is installed beside the binding (Linux x64 only). */
export function cudaProviderInstalled(): boolean {
  const dir = bindingDir();
  return dir !== null && process.platform === "linux" && existsSync(path.join(dir, "libonnxruntime_providers_cuda.so"));
}

/** Providers worth trying, in order: drops "cuda" when its library is absent, with the reason. */
export function candidateProviders(requested: ExecutionProviderName[]): { providers: ExecutionProviderName[]; skipped: string[] } {
  const skipped: string[] = [];
  const providers = requested.filter((p) => {
    if (p === "cuda" && !cudaProviderInstalled()) {
      skipped.push("cuda: libonnxruntime_providers_cuda.so not installed (install onnxruntime-node with onnxruntime-node-install=cuda12)");
      return false;
    }
    return true;
  });
  return { providers, skipped };
}
