/** Inngest's endpoint: registers and runs the job functions (inngest/functions.ts) when Inngest is configured. */
import { serve } from "inngest/next";
import { inngest } from "@/inngest/client";
import { functions } from "@/inngest/functions";

export const runtime = "nodejs";
// Training steps run for minutes on the serving host (self-hosted Inngest); give them room.
export const maxDuration = 800;

export const { GET, POST, PUT } = serve({ client: inngest, functions });
