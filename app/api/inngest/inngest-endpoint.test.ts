/**
 * /api/inngest: 404 in embedded mode; with Inngest configured, only signed requests reach the real SDK
 * (serve()), and a forged signature gets the SDK's 401, never a 500.
 */
import { Inngest } from "inngest";
import { serve } from "inngest/next";
import { describe, expect, it } from "vitest";
import { GET as routeGET, POST as routePOST, PUT as routePUT } from "./route";
import { inngestEndpoint, type InngestEndpointConfig, type InngestEndpointOptions } from "./inngest-endpoint";

const URL_ = "http://localhost:3000/api/inngest";

function endpoint(config: Partial<InngestEndpointConfig>, isDev = false) {
  const client = new Inngest({ id: "almanac-test", eventKey: "test-event-key", isDev, signingKey: config.signingKeySet ? "signkey-test-0123456789abcdef0123456789abcdef" : undefined });
  const fn = client.createFunction({ id: "noop", triggers: [{ event: "test/noop" }] }, async () => "ran");
  return inngestEndpoint({
    config: () => ({ enabled: true, mode: isDev ? "dev" : "cloud", production: false, signingKeySet: true, ...config }),
    serve: () => serve({ client, functions: [fn] }) as unknown as ReturnType<InngestEndpointOptions["serve"]>,
  });
}

const call = (h: Record<string, (r: Request, c: unknown) => Promise<Response>>, method: string, headers: Record<string, string> = {}, query = "") =>
  h[method](
    new Request(URL_ + query, {
      method,
      headers: { "content-type": "application/json", ...headers },
      body: method === "GET" ? undefined : JSON.stringify({ event: { name: "test/noop", data: {} }, events: [], steps: {}, ctx: { run_id: "r1", attempt: 0 } }),
    }),
    {},
  );

async function expectProblem(res: Response, status: number) {
  expect(res.status).toBe(status);
  expect(res.headers.get("content-type")).toBe("application/problem+json");
  return (await res.json()) as Record<string, unknown>;
}

describe("/api/inngest", () => {
  it("answers 404 problem+json for every method in embedded mode (the app's route, as configured in tests)", async () => {
    for (const h of [routeGET, routePOST, routePUT]) await expectProblem(await h(new Request(URL_, { method: "POST", body: "{}" }), {}), 404);
    const embedded = inngestEndpoint({ config: () => ({ enabled: false, mode: "cloud", production: true, signingKeySet: true }), serve: () => { throw new Error("must not serve"); } });
    for (const m of ["GET", "POST", "PUT", "PATCH", "DELETE"]) await expectProblem(await call(embedded, m), 404);
  });

  it("refuses unsigned requests in Inngest (cloud) mode with 401, and a forged signature gets the SDK's 401", async () => {
    const h = endpoint({ signingKeySet: true });
    for (const m of ["GET", "POST", "PUT"]) await expectProblem(await call(h, m, {}, m === "POST" ? "?fnId=almanac-test-noop&stepId=step" : ""), 401);
    // An out-of-band sync would register whatever URL the request names: refused even with a signature header.
    await expectProblem(await call(h, "PUT", { "x-inngest-signature": `t=${Math.floor(Date.now() / 1000)}&s=00` }), 401);
    const forged = { "x-inngest-signature": `t=${Math.floor(Date.now() / 1000)}&s=${"ab".repeat(32)}` };
    const post = await call(h, "POST", forged, "?fnId=almanac-test-noop&stepId=step");
    expect(post.status).toBe(401);
    expect(await post.text()).not.toContain("ran");
    expect((await call(h, "PUT", { ...forged, "x-inngest-sync-kind": "in_band" })).status).toBe(401);
    expect((await call(h, "GET", forged)).status).toBeLessThan(500);
  });

  it("refuses to run without a signing key in cloud mode, and dev mode (unsigned) in production", async () => {
    expect(await expectProblem(await call(endpoint({ signingKeySet: false }), "POST"), 403)).toMatchObject({ detail: expect.stringContaining("INNGEST_SIGNING_KEY") });
    expect(await expectProblem(await call(endpoint({ production: true }, true), "POST"), 403)).toMatchObject({ detail: expect.stringContaining("INNGEST_DEV") });
    // Development with the dev server: the SDK answers itself (introspection), as before.
    const dev = await call(endpoint({ production: false }, true), "GET");
    expect(dev.status).toBe(200);
  });
});
