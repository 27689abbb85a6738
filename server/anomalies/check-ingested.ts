/**
 * After an ingest commits: checks each written series' new readings for anomalies (checkNewReadings) and
 * counts them in the metrics. Fail-soft: a failed check is logged and never fails or undoes the ingest.
 */
import type { DbOrTx } from "@/db/client";
import { logger } from "@/server/observability/logger";
import { metrics } from "@/server/observability/metrics";
import { checkNewReadings } from "./check-new-readings";

export interface IngestedSeries {
  seriesId: string;
  fromMs: number;
  toMs: number;
}

export async function checkIngested(db: DbOrTx, written: IngestedSeries[]): Promise<number> {
  let found = 0;
  for (const s of written) {
    try {
      const r = await checkNewReadings(db, { seriesId: s.seriesId, from: new Date(s.fromMs), to: new Date(s.toMs) });
      found += r.anomalies.length;
      for (const a of r.anomalies) metrics().anomalies.inc({ kind: a.kind, origin: "ingest" });
    } catch (error) {
      logger().warn({ err: error, seriesId: s.seriesId }, "anomaly check of ingested readings failed; the readings are stored");
    }
  }
  return found;
}
