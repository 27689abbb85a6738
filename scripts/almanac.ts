/** `npm run almanac -- <command>`: the admin CLI for headless setups (see scripts/almanac/commands.ts). */
import { getDb, getDbHandle } from "@/server/db";
import { runAlmanacCli } from "./almanac/commands";

const code = await runAlmanacCli(process.argv.slice(2), getDb, { out: (l) => console.log(l), err: (l) => console.error(l) });
await (await getDbHandle()).close().catch((e: Error) => console.error(`closing the database: ${e.message}`));
process.exit(code);
