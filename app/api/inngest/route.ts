/** Inngest's endpoint: registers and runs the job functions (inngest/functions.ts) when Inngest is configured (see inngest-endpoint.ts). */
import { serve } from "inngest/next";
import { inngest, isInngestEnabled } from "@/inngest/client";
import { functions } from "@/inngest/functions";
import { env } from "@/server/env";
import { inngestEndpoint } from "./inngest-endpoint";

export const runtime = "nodejs";
// Training steps run for minutes on the serving host (self-hosted Inngest); give them room.
export const maxDuration = 800;

export const { GET, POST, PUT, PATCH, DELETE } = inngestEndpoint({
  config: () => ({
    enabled: isInngestEnabled(),
    mode: inngest.mode,
    production: env.NODE_ENV === "production",
    signingKeySet: Boolean(inngest.signingKey),
  }),
  serve: () => serve({ client: inngest, functions }) as unknown as ReturnType<Parameters<typeof inngestEndpoint>[0]["serve"]>,
});
