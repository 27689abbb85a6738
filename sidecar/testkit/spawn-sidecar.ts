/** Starts `sidecar/main.ts` as a child process (as `npm run sidecar` does) and waits for its ready line. */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import path from "node:path";

export interface SpawnedSidecar {
  url: string;
  port: number;
  /** The SIDECAR_TOKEN it requires (a fresh random one unless `env` names one). */
  token: string;
  /** `{ authorization: "Bearer <token>" }`, for plain fetch calls. */
  authHeaders: Record<string, string>;
  child: ChildProcess;
  /** stderr log lines so far (JSON). */
  logs: string[];
  kill(signal?: NodeJS.Signals): Promise<void>;
}

const repoRoot = path.resolve(import.meta.dirname, "..", "..");

export async function spawnSidecar(
  env: Record<string, string>,
  opts: { timeoutMs?: number; nodeArgs?: string[]; /** Pin the sidecar to these CPUs (taskset -c syntax, Linux). */ cpus?: string } = {},
): Promise<SpawnedSidecar> {
  const timeoutMs = opts.timeoutMs ?? 30_000;
  const token = env.SIDECAR_TOKEN ?? randomBytes(24).toString("base64url");
  const nodeCommand = [process.execPath, ...(opts.nodeArgs ?? []), "--import", "tsx", path.join("sidecar", "main.ts")];
  // taskset execs node in place, so the child's pid (and kill) is the sidecar's.
  const command = opts.cpus ? ["taskset", "-c", opts.cpus, ...nodeCommand] : nodeCommand;
  const child = spawn(command[0], command.slice(1), {
    cwd: repoRoot,
    env: { ...process.env, SIDECAR_HOST: "127.0.0.1", SIDECAR_PORT: "0", ORT_EXECUTION_PROVIDERS: "cpu", ...env, SIDECAR_TOKEN: token },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const logs: string[] = [];
  child.stderr?.setEncoding("utf8").on("data", (d: string) => logs.push(...d.split("\n").filter(Boolean)));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`sidecar not ready after ${timeoutMs} ms: ${logs.join("\n")}`)), timeoutMs);
    let out = "";
    child.stdout?.setEncoding("utf8").on("data", (d: string) => {
      out += d;
      const m = /SIDECAR_READY port=(\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`sidecar exited with ${code} before ready: ${logs.join("\n")}`));
    });
  });
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    token,
    authHeaders: { authorization: `Bearer ${token}` },
    child,
    logs,
    kill: (signal = "SIGKILL") =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill(signal);
      }),
  };
}
