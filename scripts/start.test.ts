import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { buildStaleReason } from "./start";

const roots: string[] = [];
afterEach(() => roots.splice(0).forEach((r) => rmSync(r, { recursive: true, force: true })));

function touch(file: string, atSeconds: number) {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, "x");
  utimesSync(file, atSeconds, atSeconds);
}

describe("buildStaleReason", () => {
  it("asks for a build when there is none, and when a source is newer than the build", () => {
    const root = mkdtempSync(path.join(tmpdir(), "almanac-start-"));
    roots.push(root);
    touch(path.join(root, "app/page.tsx"), 1000);
    expect(buildStaleReason(root)).toMatch(/no production build/);

    touch(path.join(root, ".next/BUILD_ID"), 2000);
    expect(buildStaleReason(root)).toBeNull();

    // Tests and ignored folders do not invalidate the build.
    touch(path.join(root, "server/x.test.ts"), 3000);
    touch(path.join(root, "server/node_modules/y.ts"), 3000);
    expect(buildStaleReason(root)).toBeNull();

    touch(path.join(root, "components/deep/z.tsx"), 3000);
    expect(buildStaleReason(root)).toMatch(/sources changed/);
  });
});
