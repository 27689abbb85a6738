import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { ingestSources } from "@/db/schema";
import { cronMatches, parseCron } from "@/server/jobs/cron";
import type { IngestSource } from "./pull-source";

/** Whether the source's own cron fired in (lastRunAt, now] (never-run sources are due). Checks at most a day back. */
export function isDue(source: Pick<IngestSource, "cron" | "lastRunAt">, now: Date): boolean {
  if (!source.lastRunAt) return true;
  const schedule = parseCron(source.cron);
  const start = Math.floor(source.lastRunAt.getTime() / 60_000) + 1;
  const end = Math.floor(now.getTime() / 60_000);
  for (let m = Math.max(start, end - 1440); m <= end; m++) if (cronMatches(schedule, new Date(m * 60_000))) return true;
  return false;
}

export async function dueSources(db: Db, now: Date): Promise<IngestSource[]> {
  const rows = await db.select().from(ingestSources).where(eq(ingestSources.enabled, true));
  return rows.filter((s) => isDue(s, now));
}

/** Whether any enabled source is due: the check a scheduler tick makes before it records a run. */
export async function hasDueSources(db: Db, now: Date): Promise<boolean> {
  return (await dueSources(db, now)).length > 0;
}
