/**
 * A local HTTP server standing in for a remote HTTPS feed (the test machine has no internet). Requests to
 * https://feed.test/... are rewritten to it; DNS for feed.test answers a public address so the SSRF checks
 * run exactly as in production.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface FeedServer {
  fetchImpl: typeof fetch;
  resolve: (host: string) => Promise<string[]>;
  requests: string[];
  setBody(path: string, body: string, contentType?: string): void;
  close(): Promise<void>;
}

export async function startFeedServer(): Promise<FeedServer> {
  const bodies = new Map<string, { body: string; type: string }>();
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    requests.push(req.url ?? "");
    const path = (req.url ?? "").split("?")[0];
    const entry = bodies.get(path);
    if (!entry) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { "content-type": entry.type }).end(entry.body);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as AddressInfo).port;
  const fetchImpl = ((input: string | URL, init?: RequestInit) => {
    const url = new URL(input.toString());
    if (url.hostname !== "feed.test") throw new Error(`test feed server only serves feed.test, asked for ${url.hostname}`);
    return fetch(`http://127.0.0.1:${port}${url.pathname}${url.search}`, init);
  }) as typeof fetch;
  return {
    fetchImpl,
    resolve: async () => ["93.184.216.34"],
    requests,
    setBody(path, body, type = "text/csv") {
      bodies.set(path, { body, type });
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
