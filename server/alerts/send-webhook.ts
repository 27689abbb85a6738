/**
 * One signed webhook POST. The URL is checked like a data_url (server/net/safe-fetch.ts: https, every
 * resolved address public unless the host is allow-listed) and the connection is pinned to the checked
 * addresses, so an endpoint cannot be turned against the server's own network. No redirects are followed.
 */
import { Agent, fetch as undiciFetch } from "undici";
import { checkUrl, pinnedLookup } from "@/server/net/safe-fetch";
import { SIGNATURE_HEADER, signWebhook } from "./webhook-signature";

export interface WebhookTransport {
  allowHosts: string[];
  resolve?: (host: string) => Promise<string[]>;
  /** Test seam like safe-fetch's: replaces the pinned connection once the URL passed its checks. */
  fetchImpl?: typeof fetch;
  timeoutMs?: number;
}

export interface WebhookOutcome {
  ok: boolean;
  statusCode: number | null;
  error: string | null;
}

export async function sendWebhook(
  transport: WebhookTransport,
  params: { url: string; secret: string; body: string; headers: Record<string, string>; now?: Date },
): Promise<WebhookOutcome> {
  const signal = AbortSignal.timeout(transport.timeoutMs ?? 10_000);
  let agent: Agent | null = null;
  try {
    const { url, addresses } = await checkUrl(params.url, { allowHosts: transport.allowHosts, resolve: transport.resolve, signal });
    const init = {
      method: "POST",
      redirect: "manual" as const,
      signal,
      body: params.body,
      headers: { "content-type": "application/json", "user-agent": "Almanac-Webhooks/1", [SIGNATURE_HEADER]: signWebhook(params.secret, params.body, params.now), ...params.headers },
    };
    let status: number;
    if (transport.fetchImpl) {
      const res = await transport.fetchImpl(url, init);
      status = res.status;
      await res.body?.cancel();
    } else {
      agent = new Agent({ connections: 1, connect: { lookup: pinnedLookup(url.hostname, addresses) } });
      const res = await undiciFetch(url, { ...init, dispatcher: agent });
      status = res.status;
      await res.body?.cancel();
    }
    return status >= 200 && status < 300 ? { ok: true, statusCode: status, error: null } : { ok: false, statusCode: status, error: `HTTP ${status}` };
  } catch (err) {
    if (signal.aborted) return { ok: false, statusCode: null, error: `no answer within ${transport.timeoutMs ?? 10_000} ms` };
    const cause = err instanceof Error ? ((err.cause as Error | undefined)?.message ?? err.message) : String(err);
    return { ok: false, statusCode: null, error: cause.replace(/data_url/g, "webhook url") };
  } finally {
    await agent?.destroy().catch((err: unknown) => console.warn("[alerts] closing the webhook connection failed", err));
  }
}
