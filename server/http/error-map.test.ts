/**
 * Every typed error class in the tree has a decided answer: listed in the table (status + tRPC code) or
 * named as internal. Scans the sources, so adding `class XError extends ...` without a mapping fails here.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { NoPreviousChampionError, InvalidTransitionError } from "@/server/registry/errors";
import { InvalidInputError } from "@/ml/errors";
import { domainErrorToTRPC } from "@/server/trpc/map-domain-error";
import { INHERITS_PARENT_NAMES, INTERNAL_ERROR_NAMES, mappingFor, TABLE } from "./error-map";
import { errorToResponse } from "./problem";

const ROOT = path.resolve(__dirname, "../..");
const SCANNED = ["server", "ml", "inngest", "sidecar", "db"];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (name === "node_modules") return [];
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) ? [full] : [];
  });
}

/** `class X extends Y` where Y is Error, ends in "Error", or is itself such a class (to a fixpoint). */
function declaredErrorClasses(): Map<string, string> {
  const extendsOf = new Map<string, string>();
  for (const file of SCANNED.flatMap((d) => sourceFiles(path.join(ROOT, d)))) {
    for (const m of readFileSync(file, "utf8").matchAll(/\bclass\s+(\w+)\s+extends\s+(\w+)/g)) extendsOf.set(m[1], `${m[2]} (${path.relative(ROOT, file)})`);
  }
  const errors = new Map<string, string>();
  for (let grew = true; grew; ) {
    grew = false;
    for (const [name, parent] of extendsOf) {
      const base = parent.split(" ")[0];
      if (!errors.has(name) && (/Error$/.test(base) || errors.has(base))) {
        errors.set(name, parent);
        grew = true;
      }
    }
  }
  return errors;
}

describe("error map", () => {
  it("decides every typed error class in the tree", () => {
    const declared = declaredErrorClasses();
    expect(declared.size).toBeGreaterThan(20);
    const inTable = new Set([...TABLE.keys()].map((c) => c.name));
    const decided = new Set([...inTable, ...INTERNAL_ERROR_NAMES, ...INHERITS_PARENT_NAMES]);
    const missing = [...declared].filter(([name]) => !decided.has(name)).map(([name, where]) => `${name} extends ${where}`);
    expect(missing).toEqual([]);
    const orphans = INHERITS_PARENT_NAMES.filter((name) => declared.has(name) && !inTable.has(declared.get(name)!.split(" ")[0]));
    expect(orphans).toEqual([]);
  });

  it("maps a subclass by its own entry, not by its name (NoPreviousChampionError was a 500)", async () => {
    const error = new NoPreviousChampionError("m1");
    expect(mappingFor(error)).toMatchObject({ status: 409, trpc: "CONFLICT" });
    const res = errorToResponse(error, "/x");
    expect(res.status).toBe(409);
    expect(await res.json()).toMatchObject({ type: "/problems/no_previous_champion", status: 409 });
    expect(domainErrorToTRPC(error)?.code).toBe("CONFLICT");
    expect(domainErrorToTRPC(new InvalidTransitionError("v", "failed", "champion"))?.code).toBe("CONFLICT");
  });

  it("gives ml's input errors their field instead of a 500", async () => {
    const res = errorToResponse(new InvalidInputError("horizon too long", { field: "horizonSteps" }));
    expect(res.status).toBe(422);
    expect(await res.json()).toMatchObject({ field: "horizonSteps" });
    expect(domainErrorToTRPC(new InvalidInputError("x", { field: "y" }))?.code).toBe("BAD_REQUEST");
  });

  it("answers Postgres' refusal of a NUL byte as a 400, without the driver's message", async () => {
    const driverError = Object.assign(new Error('invalid byte sequence for encoding "UTF8": 0x00'), { code: "22021" });
    const wrapped = new Error("Failed query: select ...", { cause: driverError });
    const res = errorToResponse(wrapped);
    expect(res.status).toBe(400);
    expect(JSON.stringify(await res.json())).not.toContain("Failed query");
  });
});
