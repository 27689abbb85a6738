/**
 * What /api/inngest answers, decided per request from the job runtime's configuration:
 *   - embedded mode (no Inngest configured): nothing lives here, a problem+json 404 for every method;
 *   - Inngest, cloud mode: the SDK's serve() verifies `x-inngest-signature` for GET and POST, but not an
 *     out-of-band sync (PUT), which would register whatever URL the request claims; so every method must
 *     carry a signature, and a PUT must be an in-band sync (which the SDK verifies);
 *   - Inngest, dev mode (INNGEST_DEV, or a base URL the SDK takes for a dev server): the SDK skips
 *     verification, so anyone could run a job step; allowed in development only, refused in production.
 * Refusals are problem+json, never the SDK's 500 for a missing signing key.
 */
import { AuthError, ForbiddenError, NotFoundError } from "@/server/http/errors";
import { handleRoute } from "@/server/http/handle-route";

type Handler = (request: Request, ctx: unknown) => Promise<Response>;

export interface InngestEndpointConfig {
  enabled: boolean;
  /** The SDK's own view (`inngest.mode`): "dev" skips signature checks. */
  mode: "dev" | "cloud";
  production: boolean;
  signingKeySet: boolean;
}

export interface InngestEndpointOptions {
  config: () => InngestEndpointConfig;
  /** The SDK's handlers; built on first use so embedded mode never constructs them. */
  serve: () => { GET: Handler; POST: Handler; PUT: Handler };
}

const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;


export function inngestEndpoint(options: InngestEndpointOptions): Record<(typeof METHODS)[number], Handler> {
  let served: ReturnType<InngestEndpointOptions["serve"]> | null = null;
  const make = (method: (typeof METHODS)[number]): Handler =>
    handleRoute(async (request: Request, ctx: unknown) => {
      const config = options.config();
      if (!config.enabled) throw new NotFoundError("API route", new URL(request.url).pathname);
      if (method !== "GET" && method !== "POST" && method !== "PUT") throw new NotFoundError("API route", new URL(request.url).pathname);
      if (config.mode === "dev") {
        if (config.production) {
          throw new ForbiddenError(
            "Inngest is in dev mode, which runs unsigned requests; in production set INNGEST_DEV=0 and INNGEST_SIGNING_KEY",
          );
        }
      } else {
        if (!config.signingKeySet) throw new ForbiddenError("INNGEST_SIGNING_KEY is not set; signed Inngest requests cannot be verified");
        if (!request.headers.get("x-inngest-signature")) throw new AuthError("a signed Inngest request is required (x-inngest-signature)");
        if (method === "PUT" && request.headers.get("x-inngest-sync-kind") !== "in_band") {
          throw new AuthError("only in-band syncs (signed by Inngest) are accepted");
        }
      }
      served ??= options.serve();
      return served[method](request, ctx);
    });
  return Object.fromEntries(METHODS.map((m) => [m, make(m)])) as Record<(typeof METHODS)[number], Handler>;
}
