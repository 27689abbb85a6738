/** The Inngest client. Events only leave the process when Inngest is configured (see isInngestEnabled). */
import { Inngest } from "inngest";
import { env } from "@/server/env";

export const inngest = new Inngest({
  id: "almanac",
  eventKey: env.INNGEST_EVENT_KEY,
  baseUrl: env.INNGEST_BASE_URL,
  isDev: env.INNGEST_DEV === "1" || env.INNGEST_DEV === "true" ? true : undefined,
});

/**
 * Inngest mode when an event key (Inngest Cloud) or a base URL (self-hosted / dev server) is configured;
 * otherwise the embedded runner executes the same job definitions in-process.
 */
export function isInngestEnabled(): boolean {
  return Boolean(env.INNGEST_EVENT_KEY || env.INNGEST_BASE_URL);
}
