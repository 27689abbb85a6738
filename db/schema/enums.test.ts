/**
 * Each Postgres enum of the Drizzle schema (`pgEnum`) against the committed migrations: the values the
 * database really has, in order, replayed from every CREATE TYPE / ALTER TYPE in db/migrations. A value
 * added to a pgEnum without `npm run db:generate`, or a migration edited by hand, fails here. (The zod
 * enums that mirror these are pinned in server/enums.test.ts: db/ may not import server/.)
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { isPgEnum } from "drizzle-orm/pg-core";
import { describe, expect, it } from "vitest";
import * as schema from "./index";

const MIGRATIONS = path.resolve(import.meta.dirname, "../migrations");

const quoted = (list: string) => [...list.matchAll(/'((?:[^']|'')*)'/g)].map((m) => m[1].replace(/''/g, "'"));

/** Enum name → values after replaying the migrations' enum statements in file order. */
function enumsFromMigrations(sqlFiles: string[]): Map<string, string[]> {
  const enums = new Map<string, string[]>();
  for (const sql of sqlFiles) {
    for (const stmt of sql.split(/--> statement-breakpoint|;\s*\n/)) {
      const create = /CREATE TYPE\s+(?:"\w+"\.)?"(\w+)"\s+AS ENUM\s*\(([^)]*)\)/i.exec(stmt);
      if (create) enums.set(create[1], quoted(create[2]));
      const add = /ALTER TYPE\s+(?:"\w+"\.)?"(\w+)"\s+ADD VALUE\s+(?:IF NOT EXISTS\s+)?'((?:[^']|'')*)'(?:\s+(BEFORE|AFTER)\s+'((?:[^']|'')*)')?/i.exec(stmt);
      if (add) {
        const values = enums.get(add[1]) ?? [];
        if (!values.includes(add[2])) {
          const at = add[3] ? values.indexOf(add[4]) + (add[3].toUpperCase() === "AFTER" ? 1 : 0) : values.length;
          values.splice(at, 0, add[2]);
        }
        enums.set(add[1], values);
      }
      const rename = /ALTER TYPE\s+(?:"\w+"\.)?"(\w+)"\s+RENAME VALUE\s+'((?:[^']|'')*)'\s+TO\s+'((?:[^']|'')*)'/i.exec(stmt);
      if (rename) enums.set(rename[1], (enums.get(rename[1]) ?? []).map((v) => (v === rename[2] ? rename[3] : v)));
      const drop = /DROP TYPE\s+(?:IF EXISTS\s+)?(?:"\w+"\.)?"(\w+)"/i.exec(stmt);
      if (drop) enums.delete(drop[1]);
    }
  }
  return enums;
}

const migrationFiles = readdirSync(MIGRATIONS)
  .filter((f) => f.endsWith(".sql"))
  .sort()
  .map((f) => readFileSync(path.join(MIGRATIONS, f), "utf8"));
const migrated = enumsFromMigrations(migrationFiles);
const pgEnums = (Object.values(schema) as unknown[]).filter(isPgEnum);

describe("pgEnums match the migrations", () => {
  it("the schema and the migrations define the same enums", () => {
    expect(pgEnums.map((e) => e.enumName).sort()).toEqual([...migrated.keys()].sort());
  });

  it.each(pgEnums.map((e) => [e.enumName, e] as const))("%s has the migrated values, in order", (name, e) => {
    expect(e.enumValues).toEqual(migrated.get(name));
  });

  it("the exported value lists are the enums' own", () => {
    expect(schema.ASSET_KINDS).toBe(schema.assetKind.enumValues);
    expect(schema.USER_ROLES).toBe(schema.userRole.enumValues);
    expect(schema.JOB_RUN_STATUSES).toBe(schema.jobRunStatus.enumValues);
    expect(schema.ANOMALY_KIND_VALUES).toBe(schema.anomalyKind.enumValues);
    expect(schema.MODEL_VERSION_STATES).toBe(schema.modelVersionState.enumValues);
  });

  it("replays ADD VALUE (with BEFORE/AFTER), RENAME VALUE and DROP TYPE", () => {
    const replayed = enumsFromMigrations([
      `CREATE TYPE "public"."k" AS ENUM('a', 'c');--> statement-breakpoint\nCREATE TYPE "public"."gone" AS ENUM('x');`,
      `ALTER TYPE "public"."k" ADD VALUE 'b' BEFORE 'c';--> statement-breakpoint\nALTER TYPE "public"."k" ADD VALUE 'd';--> statement-breakpoint\nALTER TYPE "public"."k" RENAME VALUE 'a' TO 'a2';--> statement-breakpoint\nDROP TYPE "public"."gone";`,
    ]);
    expect(Object.fromEntries(replayed)).toEqual({ k: ["a2", "b", "c", "d"] });
  });
});
