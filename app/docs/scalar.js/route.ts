/** GET /docs/scalar.js — the Scalar viewer's standalone bundle, from node_modules (no CDN). */
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";

let bundle: Promise<Buffer> | undefined;

function scalarBundle(): Promise<Buffer> {
  bundle ??= (async () => {
    let dir: string;
    try {
      dir = path.dirname(createRequire(import.meta.url).resolve("@scalar/api-reference/package.json"));
    } catch {
      dir = path.join(process.cwd(), "node_modules", "@scalar", "api-reference");
    }
    return readFile(path.join(dir, "dist", "browser", "standalone.js"));
  })();
  return bundle;
}

export async function GET(): Promise<Response> {
  const body = await scalarBundle();
  return new Response(new Uint8Array(body), { status: 200, headers: { "content-type": "text/javascript; charset=utf-8", "cache-control": "public, max-age=86400" } });
}
