import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from "node:http";
import { createServer as createTcpServer, type AddressInfo, type Socket } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { BadRequestError, PayloadTooLargeError } from "@/server/http/errors";
import { DownloadTimeoutError, UnsafeUrlError } from "./errors";
import { checkUrl, pinnedLookup, safeFetch } from "./safe-fetch";
import { ADDRESS_FORMS, ODD_LITERAL_HOSTS } from "./testing/address-forms";

const publicDns = async () => ["93.184.216.34"];
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (closers.length) await closers.pop()!();
});

/** A real HTTP server on 127.0.0.1; reached through allow-listed names that only the injected resolver knows. */
async function localServer(handler: (req: IncomingMessage, res: ServerResponse) => void) {
  const requests: string[] = [];
  const server = createHttpServer((req, res) => {
    requests.push(`${req.headers.host}${req.url}`);
    handler(req, res);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  closers.push(
    () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  );
  return { port: (server.address() as AddressInfo).port, requests };
}

/** A TCP listener on loopback that only counts who connects: the place an SSRF must never reach. */
async function loopbackTrap() {
  const sockets: Socket[] = [];
  const server = createTcpServer((s) => sockets.push(s));
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  closers.push(
    () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  );
  return { port: (server.address() as AddressInfo).port, connections: () => sockets.length };
}

/** Like inngest/testing/feed-server.ts: https://feed.example/... is served by a local http server. */
const viaLocal = (port: number) =>
  ((input: string | URL, init?: RequestInit) => {
    const url = new URL(input.toString());
    return fetch(`http://127.0.0.1:${port}${url.pathname}${url.search}`, init);
  }) as typeof fetch;

const literalUrl = (ip: string) => (ip.includes(":") ? `https://[${ip}]/a.csv` : `https://${ip}/a.csv`);

describe("checkUrl", () => {
  it("refuses non-https schemes", async () => {
    await expect(checkUrl("http://example.com/a.csv", { allowHosts: [], resolve: publicDns })).rejects.toThrow(/must use https/);
    await expect(checkUrl("file:///etc/passwd", { allowHosts: [], resolve: publicDns })).rejects.toBeInstanceOf(UnsafeUrlError);
  });
  it("refuses a host when any resolved address is private, unless allow-listed", async () => {
    const mixed = async () => ["93.184.216.34", "10.0.0.5"];
    await expect(checkUrl("https://data.example/a.csv", { allowHosts: [], resolve: mixed })).rejects.toThrow(/private or loopback address \(10\.0\.0\.5\)/);
    await expect(checkUrl("https://127.0.0.1/a.csv", { allowHosts: [], resolve: publicDns })).rejects.toThrow(/127\.0\.0\.1/);
    const ok = await checkUrl("https://data.example/a.csv", { allowHosts: ["data.example"], resolve: mixed });
    expect(ok.url.hostname).toBe("data.example");
  });
  it("allows plain http only to allow-listed hosts", async () => {
    const local = async () => ["127.0.0.1"];
    await expect(checkUrl("http://data.internal/a.csv", { allowHosts: ["data.internal"], resolve: local })).resolves.toMatchObject({
      addresses: [{ address: "127.0.0.1", family: 4 }],
    });
    await expect(checkUrl("http://data.internal/a.csv", { allowHosts: [], resolve: publicDns })).rejects.toThrow(/must use https \(got http\)/);
    await expect(checkUrl("ftp://data.internal/a.csv", { allowHosts: ["data.internal"], resolve: local })).rejects.toThrow(/must use https/);
  });

  describe.each(ADDRESS_FORMS)("address %s", (ip, reason) => {
    if (reason === null) {
      it("is allowed as a literal and as a DNS answer", async () => {
        await expect(checkUrl(literalUrl(ip), { allowHosts: [] })).resolves.toBeDefined();
        await expect(checkUrl("https://data.example/a.csv", { allowHosts: [], resolve: async () => [ip] })).resolves.toBeDefined();
      });
    } else {
      it("is refused as a literal in the URL", async () => {
        const err = await checkUrl(literalUrl(ip), { allowHosts: [] }).catch((e: unknown) => e);
        expect(err).toBeInstanceOf(UnsafeUrlError);
        expect((err as UnsafeUrlError).field).toBe("data_url");
        expect((err as Error).message).toMatch(/private or loopback/);
      });
      it("is refused as a DNS answer, alone or among public ones", async () => {
        for (const answers of [[ip], ["93.184.216.34", ip]]) {
          const err = await checkUrl("https://data.example/a.csv", { allowHosts: [], resolve: async () => answers }).catch((e: unknown) => e);
          expect(err).toBeInstanceOf(UnsafeUrlError);
          expect((err as Error).message).toContain(`(${ip})`);
        }
      });
    }
  });

  it.each(ODD_LITERAL_HOSTS)("refuses %s, which the URL parser turns into %s", async (host, normalised) => {
    const raw = `https://${host}/a.csv`;
    expect(new URL(raw).hostname).toBe(normalised);
    const resolve = async () => ["93.184.216.34"];
    await expect(checkUrl(raw, { allowHosts: [], resolve })).rejects.toThrow(/private or loopback/);
  });

  it("refuses names the system resolver maps to loopback", async () => {
    await expect(checkUrl("https://localhost/a.csv", { allowHosts: [] })).rejects.toThrow(/resolves to a private or loopback address/);
  });
});

describe("pinnedLookup", () => {
  const lookup = pinnedLookup("data.example", [
    { address: "93.184.216.34", family: 4 },
    { address: "2606:4700::1111", family: 6 },
  ]);
  const ask = (host: string, options: Parameters<typeof lookup>[1]) =>
    new Promise<{ err: NodeJS.ErrnoException | null; address: unknown; family?: number }>((r) => lookup(host, options, (err, address, family) => r({ err, address, family })));

  it("answers only the checked addresses, only for the checked host", async () => {
    expect(await ask("data.example", {})).toMatchObject({ err: null, address: "93.184.216.34", family: 4 });
    expect(await ask("data.example", { family: 6 })).toMatchObject({ err: null, address: "2606:4700::1111", family: 6 });
    expect((await ask("data.example", { all: true })).address).toEqual([
      { address: "93.184.216.34", family: 4 },
      { address: "2606:4700::1111", family: 6 },
    ]);
    expect((await ask("localhost", {})).err?.code).toBe("ENOTFOUND");
  });
});

describe("safeFetch", () => {
  const body = (text: string, headers: Record<string, string> = {}) => new Response(text, { status: 200, headers });
  it("downloads within the limit and refuses bodies over it", async () => {
    const fetchImpl = (async () => body("ts,value\n1,2\n")) as unknown as typeof fetch;
    const got = await safeFetch("https://a.example/x.csv", { maxBytes: 100, allowHosts: [], resolve: publicDns, fetchImpl });
    expect(new TextDecoder().decode(got.bytes)).toBe("ts,value\n1,2\n");
    await expect(safeFetch("https://a.example/x.csv", { maxBytes: 5, allowHosts: [], resolve: publicDns, fetchImpl })).rejects.toBeInstanceOf(
      PayloadTooLargeError,
    );
  });
  it("checks every redirect hop", async () => {
    const fetchImpl = (async () => new Response(null, { status: 302, headers: { location: "https://169.254.169.254/latest" } })) as unknown as typeof fetch;
    const resolve = async (host: string) => (host === "169.254.169.254" ? ["169.254.169.254"] : ["93.184.216.34"]);
    await expect(safeFetch("https://a.example/x.csv", { maxBytes: 100, allowHosts: [], resolve, fetchImpl })).rejects.toThrow(/169\.254/);
  });
  it("refuses a redirect from a public host to [::ffff:7f00:1] or to a private name", async () => {
    for (const [location, address] of [
      ["https://[::ffff:127.0.0.1]:8443/", "::ffff:7f00:1"],
      ["https://metadata.internal/latest", "169.254.169.254"],
    ]) {
      let calls = 0;
      const fetchImpl = (async () => {
        calls++;
        return new Response(null, { status: 302, headers: { location } });
      }) as unknown as typeof fetch;
      const resolve = async (host: string) => (host === "metadata.internal" ? ["169.254.169.254"] : ["93.184.216.34"]);
      const err = await safeFetch("https://a.example/x.csv", { maxBytes: 100, allowHosts: [], resolve, fetchImpl }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(UnsafeUrlError);
      expect((err as Error).message).toContain(`(${address})`);
      expect(calls).toBe(1);
    }
  });
});

describe("safeFetch over a pinned connection", () => {
  it("connects to the address the resolver gave, never asking DNS again", async () => {
    const server = await localServer((_req, res) => res.writeHead(200, { "content-type": "text/csv" }).end("ts,value\n1,2\n"));
    let lookups = 0;
    const resolve = async () => {
      lookups++;
      return ["127.0.0.1"];
    };
    // pinned.test exists nowhere but in this resolver: the connection can only have used the pinned address.
    const got = await safeFetch(`http://pinned.test:${server.port}/x.csv`, { maxBytes: 100, allowHosts: ["pinned.test"], resolve });
    expect(new TextDecoder().decode(got.bytes)).toBe("ts,value\n1,2\n");
    expect(got.contentType).toBe("text/csv");
    expect(server.requests).toEqual([`pinned.test:${server.port}/x.csv`]);
    expect(lookups).toBe(1);
  });

  it("DNS rebinding: a public answer for the check and loopback afterwards never reaches loopback", async () => {
    const trap = await loopbackTrap();
    let lookups = 0;
    const rebinding = async () => (++lookups === 1 ? ["93.184.216.34"] : ["127.0.0.1"]);
    // `localhost` is what the system resolver maps to 127.0.0.1: an unpinned fetch would connect to the trap.
    const err = await safeFetch(`https://localhost:${trap.port}/a.csv`, { maxBytes: 100, allowHosts: [], resolve: rebinding, timeoutMs: 1500 }).catch(
      (e: unknown) => e,
    );
    expect(trap.connections()).toBe(0);
    expect(lookups).toBe(1);
    expect(err).toBeInstanceOf(BadRequestError);
    expect((err as BadRequestError).field).toBe("data_url");
    // Without a route to the public address the deadline fires; otherwise the refusal names where it went.
    if (!(err instanceof DownloadTimeoutError)) expect((err as Error).message).toContain("93.184.216.34");
  });

  it("follows a redirect chain, resolving and pinning every hop", async () => {
    const server = await localServer((req, res) => {
      if (req.url === "/start") res.writeHead(302, { location: "/hop2" }).end();
      else if (req.url === "/hop2") res.writeHead(301, { location: `http://b.test:${(req.socket.address() as AddressInfo).port}/data` }).end();
      else res.writeHead(200).end("ts,value\n1,2\n");
    });
    const asked: string[] = [];
    const resolve = async (host: string) => {
      asked.push(host);
      return ["127.0.0.1"];
    };
    const got = await safeFetch(`http://a.test:${server.port}/start`, { maxBytes: 100, allowHosts: ["a.test", "b.test"], resolve });
    expect(new TextDecoder().decode(got.bytes)).toBe("ts,value\n1,2\n");
    expect(got.url).toBe(`http://b.test:${server.port}/data`);
    expect(server.requests).toEqual([`a.test:${server.port}/start`, `a.test:${server.port}/hop2`, `b.test:${server.port}/data`]);
    expect(asked).toEqual(["a.test", "a.test", "b.test"]);
  });

  it("refuses a redirect from an allowed host to [::ffff:7f00:1], a private name or plain http elsewhere", async () => {
    const trap = await loopbackTrap();
    const targets: [string, RegExp][] = [
      [`https://[::ffff:127.0.0.1]:${trap.port}/`, /private or loopback address \(::ffff:7f00:1\)/],
      [`https://[::ffff:7f00:1]:${trap.port}/`, /private or loopback address \(::ffff:7f00:1\)/],
      [`https://intranet.test:${trap.port}/`, /private or loopback address \(10\.0\.0\.5\)/],
      [`http://intranet.test:${trap.port}/`, /must use https/],
    ];
    for (const [location, message] of targets) {
      const server = await localServer((_req, res) => res.writeHead(302, { location }).end());
      const resolve = async (host: string) => (host === "intranet.test" ? ["10.0.0.5"] : ["127.0.0.1"]);
      const err = await safeFetch(`http://allowed.test:${server.port}/`, { maxBytes: 100, allowHosts: ["allowed.test"], resolve }).catch((e: unknown) => e);
      expect(err, location).toBeInstanceOf(UnsafeUrlError);
      expect((err as Error).message).toMatch(message);
      expect(server.requests).toHaveLength(1);
    }
    expect(trap.connections()).toBe(0);
  });

  it("stops after 3 redirects", async () => {
    const server = await localServer((_req, res) => res.writeHead(302, { location: "/again" }).end());
    const err = await safeFetch(`http://loop.test:${server.port}/`, { maxBytes: 100, allowHosts: ["loop.test"], resolve: async () => ["127.0.0.1"] }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(BadRequestError);
    expect((err as Error).message).toMatch(/too many times/);
    expect(server.requests).toHaveLength(4);
  });

  it("enforces the size limit on declared and on streamed bodies", async () => {
    const server = await localServer((req, res) => {
      if (req.url === "/declared") res.writeHead(200, { "content-length": "1000" }).end("x".repeat(1000));
      else {
        res.writeHead(200);
        res.write("x".repeat(600));
        res.end("x".repeat(600));
      }
    });
    const opts = { maxBytes: 1000 - 1, allowHosts: ["big.test"], resolve: async () => ["127.0.0.1"] };
    await expect(safeFetch(`http://big.test:${server.port}/declared`, opts)).rejects.toBeInstanceOf(PayloadTooLargeError);
    await expect(safeFetch(`http://big.test:${server.port}/chunked`, opts)).rejects.toBeInstanceOf(PayloadTooLargeError);
  });

  it("answers a non-2xx status and an unreachable server with a typed error naming data_url", async () => {
    const server = await localServer((_req, res) => res.writeHead(404).end());
    const resolve = async () => ["127.0.0.1"];
    await expect(safeFetch(`http://gone.test:${server.port}/`, { maxBytes: 100, allowHosts: ["gone.test"], resolve })).rejects.toThrow(/HTTP 404/);
    const closed = await loopbackTrap();
    const port = closed.port;
    await closers.pop()!();
    const err = await safeFetch(`http://gone.test:${port}/`, { maxBytes: 100, allowHosts: ["gone.test"], resolve }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BadRequestError);
    expect((err as BadRequestError).field).toBe("data_url");
    expect((err as Error).message).toMatch(/could not be downloaded/);
  });
});

describe("safeFetch deadline", () => {
  const SLACK_MS = 1000;
  const dribble = (_req: IncomingMessage, res: ServerResponse) => {
    res.writeHead(200, { "content-type": "text/csv" });
    const timer = setInterval(() => res.write("1"), 100);
    res.on("close", () => clearInterval(timer));
  };

  async function expectTimeout(run: Promise<unknown>, timeoutMs: number) {
    const started = performance.now();
    const err = await run.catch((e: unknown) => e);
    const elapsedMs = performance.now() - started;
    expect(err).toBeInstanceOf(DownloadTimeoutError);
    expect((err as DownloadTimeoutError).field).toBe("data_url");
    expect((err as DownloadTimeoutError).status).toBe(400);
    expect(elapsedMs).toBeGreaterThanOrEqual(timeoutMs - 50);
    expect(elapsedMs).toBeLessThan(timeoutMs + SLACK_MS);
  }

  it("a body that dribbles past the deadline is a typed error naming data_url (injected fetch)", async () => {
    const server = await localServer(dribble);
    const opts = { maxBytes: 10_000, allowHosts: [], resolve: publicDns, fetchImpl: viaLocal(server.port), timeoutMs: 700 };
    await expectTimeout(safeFetch("https://feed.example/slow.csv", opts), 700);
  });

  it("a body that dribbles past the deadline is a typed error naming data_url (pinned connection)", async () => {
    const server = await localServer(dribble);
    const opts = { maxBytes: 10_000, allowHosts: ["slow.test"], resolve: async () => ["127.0.0.1"], timeoutMs: 700 };
    await expectTimeout(safeFetch(`http://slow.test:${server.port}/slow.csv`, opts), 700);
  });

  it("one deadline covers every redirect hop", async () => {
    const server = await localServer((req, res) => {
      const hop = Number(req.url?.slice(1) || "0");
      setTimeout(() => (hop < 3 ? res.writeHead(302, { location: `/${hop + 1}` }).end() : res.writeHead(200).end("ts,value\n1,2\n")), 400);
    });
    // Each hop alone is well inside 1 s; the four together (1.6 s) are not.
    await expectTimeout(
      safeFetch("https://feed.example/0", { maxBytes: 100, allowHosts: [], resolve: publicDns, fetchImpl: viaLocal(server.port), timeoutMs: 1000 }),
      1000,
    );
    await expectTimeout(safeFetch(`http://hops.test:${server.port}/0`, { maxBytes: 100, allowHosts: ["hops.test"], resolve: async () => ["127.0.0.1"], timeoutMs: 1000 }), 1000);
  });

  it("a server that never answers and a resolver that never settles hit the same deadline", async () => {
    const trap = await loopbackTrap();
    await expectTimeout(safeFetch(`http://silent.test:${trap.port}/`, { maxBytes: 100, allowHosts: ["silent.test"], resolve: async () => ["127.0.0.1"], timeoutMs: 600 }), 600);
    await expectTimeout(safeFetch("https://a.example/", { maxBytes: 100, allowHosts: [], resolve: () => new Promise<string[]>(() => {}), timeoutMs: 600 }), 600);
  });
});
