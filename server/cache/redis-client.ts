/**
 * ioredis set up to fail fast: a command waits at most `commandTimeoutMs` (REDIS_COMMAND_TIMEOUT_MS, 50 ms by
 * default), and while the connection is down a command is refused at once instead of queued (no offline queue,
 * no per-request retries, nothing resent after a reconnect). Reconnects run in the background with capped
 * exponential backoff. The `error` listener turns connection errors into one warning per outage (without a
 * listener ioredis prints "Unhandled error event" for every reconnect attempt). Shared by the cache and the
 * rate limiters, each with its own client and outage log.
 */
import type { Redis, RedisOptions } from "ioredis";
import type { OutageLog } from "./outage";

export interface RedisClientOptions {
  commandTimeoutMs: number;
  outage: OutageLog;
  keyPrefix?: string;
  /** Longest wait between reconnect attempts. */
  maxBackoffMs?: number;
}

export function failFastRedisOptions(opts: { commandTimeoutMs: number; keyPrefix?: string; maxBackoffMs?: number }): RedisOptions {
  const maxBackoffMs = opts.maxBackoffMs ?? 2000;
  return {
    keyPrefix: opts.keyPrefix,
    commandTimeout: opts.commandTimeoutMs,
    connectTimeout: Math.max(500, opts.commandTimeoutMs * 10),
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    autoResendUnfulfilledCommands: false,
    lazyConnect: false,
    // 50, 100, 200 ... ms up to maxBackoffMs, with jitter so many processes do not reconnect in step.
    retryStrategy: (times) => Math.min(50 * 2 ** Math.min(times - 1, 10), maxBackoffMs) * (0.75 + Math.random() * 0.5),
  };
}

const closing = new WeakSet<Redis>();

/**
 * Opens the client and waits (at most the connect timeout) for the first connection or the first error, so a
 * request made right after start-up finds it ready rather than "Stream isn't writeable".
 */
export async function createFailFastRedis(url: string, opts: RedisClientOptions): Promise<Redis> {
  const { Redis } = await import("ioredis");
  const options = failFastRedisOptions(opts);
  const client = new Redis(url, options);
  client.on("error", (error: unknown) => opts.outage.failed(error));
  client.on("close", () => {
    if (!closing.has(client)) opts.outage.failed(new Error("connection closed"));
  });
  client.on("ready", () => opts.outage.recovered());
  await new Promise<void>((resolve) => {
    const done = () => {
      clearTimeout(timer);
      client.off("ready", done);
      client.off("error", done);
      resolve();
    };
    const timer = setTimeout(done, options.connectTimeout);
    client.once("ready", done);
    client.once("error", done);
  });
  return client;
}

/** Closes a client whether or not it is connected (quit needs a connection; disconnect does not). */
export async function closeRedis(client: Redis): Promise<void> {
  closing.add(client);
  if (client.status === "ready") {
    await client.quit().catch(() => client.disconnect());
  } else {
    await client.quit().catch(() => {});
    client.disconnect();
  }
}
