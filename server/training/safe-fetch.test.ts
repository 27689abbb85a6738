import { describe, expect, it } from "vitest";
import { PayloadTooLargeError } from "@/server/http/errors";
import { checkUrl, isPrivateAddress, safeFetch, UnsafeUrlError } from "./safe-fetch";

const publicDns = async () => ["93.184.216.34"];

describe("isPrivateAddress", () => {
  it.each([
    ["127.0.0.1", true],
    ["10.1.2.3", true],
    ["172.20.0.1", true],
    ["192.168.1.1", true],
    ["169.254.169.254", true],
    ["100.64.0.1", true],
    ["0.0.0.0", true],
    ["::1", true],
    ["fd00::1", true],
    ["fe80::1", true],
    ["::ffff:127.0.0.1", true],
    ["8.8.8.8", false],
    ["2606:4700::1111", false],
    ["172.32.0.1", false],
  ])("%s → %s", (ip, expected) => expect(isPrivateAddress(ip)).toBe(expected));
});

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
    expect(ok.hostname).toBe("data.example");
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
});
