/**
 * A redis-server a test starts itself, on a free loopback port, so it can kill, freeze or restart it without
 * touching the shared Redis. Test-only: nothing under app/ or server/ imports this file.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import net from "node:net";

/** Whether `redis-server` is on PATH; suites that need their own server skip (and say so) without it. */
export const hasRedisServer = spawnSync("redis-server", ["--version"]).status === 0;

/** A TCP port that was free on 127.0.0.1 a moment ago. */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((r) => server.close(r));
  return port;
}

/** Starts redis-server on 127.0.0.1:`port` with no snapshots; `extraArgs` add to (or override) that. */
export function spawnRedisServer(port: number, extraArgs: string[] = []): ChildProcess {
  return spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", ...extraArgs], { stdio: "ignore" });
}

/** Kills a child with SIGKILL unless it has already exited, and waits for it. */
export async function killProcess(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once("exit", r));
  child.kill("SIGKILL");
  await exited;
}
