/**
 * Loads the demo assets through the same CSV import path users get. Idempotent: an asset that already
 * has series is skipped, and re-importing would change nothing anyway (upserts skip unchanged rows).
 */
import { createReadStream } from "node:fs";
import path from "node:path";
import { eq, count } from "drizzle-orm";
import type { Db } from "@/db/client";
import { series } from "@/db/schema";
import { ensureAsset } from "@/server/assets";
import { importCsv } from "@/server/ingest/import-csv";
import { DEMO_DATASETS } from "./demo-datasets";

export interface SeedDemoOptions {
  /** Folder with the demo CSVs; default `data/demo` under the working directory. */
  dataDir?: string;
}

export interface SeedDemoReport {
  asset: string;
  skipped: boolean;
  rowsInserted: number;
  series: number;
}

export async function seedDemo(db: Db, options: SeedDemoOptions = {}): Promise<SeedDemoReport[]> {
  const dataDir = options.dataDir ?? path.resolve(process.cwd(), "data/demo");
  const report: SeedDemoReport[] = [];
  for (const dataset of DEMO_DATASETS) {
    const asset = await ensureAsset(db, dataset.asset);
    const [{ n }] = await db.select({ n: count() }).from(series).where(eq(series.assetId, asset.id));
    if (n > 0) {
      report.push({ asset: asset.slug, skipped: true, rowsInserted: 0, series: n });
      continue;
    }
    const result = await importCsv(db, {
      asset: asset.id,
      input: createReadStream(path.join(dataDir, dataset.file)),
      options: { ...dataset.options, source: "seed" },
    });
    report.push({ asset: asset.slug, skipped: false, rowsInserted: result.rowsInserted, series: result.series.length });
  }
  return report;
}
