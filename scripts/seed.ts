/** `npm run seed`: loads the demo data into the configured database (DATABASE_URL or embedded PGlite). */
import { getDb, getDbHandle } from "@/server/db";
import { seedDemo } from "@/server/seed/seed-demo";

const started = performance.now();
const report = await seedDemo(await getDb());
for (const r of report) {
  console.log(`${r.asset.padEnd(10)} ${r.skipped ? "already seeded" : `${r.rowsInserted} points`} (${r.series} series)`);
}
console.log(`done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
await (await getDbHandle()).close();
