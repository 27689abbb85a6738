import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseLongCsv, parseM4Csv } from "../io/read-csv";

const root = path.resolve(import.meta.dirname, "../..");
const tsx = path.join(root, "node_modules/.bin/tsx");
const fixture = path.join(root, "ml/fixtures/m4-hourly-6.csv");

describe("forecast CLI (end to end)", () => {
  it("writes id,step,mean,lo80,hi80,lo95,hi95 rows for every series and step", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "almanac-cli-"));
    const out = path.join(dir, "out.csv");
    execFileSync(
      tsx,
      ["ml/cli/forecast.ts", "--input", fixture, "--format", "m4", "--horizon", "24", "--season", "24", "--models", "auto", "--auto-candidates", "seasonal-naive,mstl", "--levels", "80,95", "--out", out],
      { cwd: root, stdio: "pipe" },
    );
    const lines = readFileSync(out, "utf8").trim().split("\n");
    expect(lines[0]).toBe("id,step,mean,lo80,hi80,lo95,hi95");
    expect(lines.length).toBe(1 + 6 * 24);
    for (const line of lines.slice(1)) {
      const [, step, mean, lo80, hi80, lo95, hi95] = line.split(",");
      expect(Number(step)).toBeGreaterThanOrEqual(1);
      const [m, a, b, c, d] = [mean, lo80, hi80, lo95, hi95].map(Number);
      expect(c).toBeLessThanOrEqual(a);
      expect(a).toBeLessThanOrEqual(m);
      expect(m).toBeLessThanOrEqual(b);
      expect(b).toBeLessThanOrEqual(d);
    }
    expect(lines[1].startsWith("H1,1,")).toBe(true);
  });

  it("long input: infers half-hourly seasons (48, 336) and forecasts with the local models", () => {
    const out = execFileSync(
      tsx,
      ["ml/cli/forecast.ts", "--input", path.join(root, "ml/fixtures/taylor-demand-3weeks.csv"), "--format", "long", "--horizon", "48", "--models", "seasonal-naive", "--levels", "95"],
      { cwd: root, encoding: "utf8", stdio: "pipe" },
    );
    const lines = out.trim().split("\n");
    expect(lines[0]).toBe("id,step,mean,lo95,hi95");
    expect(lines.length).toBe(49);
    // seasonal naive with the inferred daily season (48) repeats the last day
    const fixtureRows = readFileSync(path.join(root, "ml/fixtures/taylor-demand-3weeks.csv"), "utf8").trim().split("\n");
    const lastDayFirst = Number(fixtureRows[fixtureRows.length - 48].split(",")[2]);
    expect(Number(lines[1].split(",")[2])).toBe(lastDayFirst);
  });

  it("fails with exit code 2 and names row and column on a bad cell", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "almanac-cli-"));
    const bad = path.join(dir, "bad.csv");
    writeFileSync(bad, '"V1","V2","V3","V4"\n"A",1,2,3\n"B",4,x5,6\n');
    const r = spawnSync(tsx, ["ml/cli/forecast.ts", "--input", bad, "--format", "m4", "--horizon", "2", "--models", "naive"], { cwd: root, encoding: "utf8" });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('not a number: "x5" (row 3, column "V3")');
  });

  it("exits 2 with one clear line (no stack trace) on a missing file, duplicate ids, an all-missing series and bad flags", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "almanac-cli-"));
    const dup = path.join(dir, "dup.csv");
    writeFileSync(dup, '"V1","V2","V3","V4"\n"A",1,2,3\n"B",4,5,6\n"A",7,8,9\n');
    const empty = path.join(dir, "empty.csv");
    writeFileSync(empty, '"V1","V2","V3"\n"A",1,2\n"B",,\n');
    const cases: [string[], RegExp][] = [
      [["--input", path.join(dir, "nope.csv"), "--format", "m4", "--horizon", "2"], /cannot read --input ".*nope.csv": no such file/],
      [["--input", dir, "--format", "m4", "--horizon", "2"], /cannot read --input .*: it is a directory/],
      [["--input", dup, "--format", "m4", "--horizon", "2", "--models", "naive"], /series id "A" appears twice \(series 1 and 3\)/],
      [["--input", empty, "--format", "m4", "--horizon", "2", "--models", "naive"], /series "?B"? has no (observed )?values/],
      [["--input", fixture, "--format", "m4", "--horizon", "0"], /--horizon must be a positive integer/],
      [["--input", fixture, "--format", "xml", "--horizon", "2"], /--format/],
      [["--input", fixture, "--format", "m4", "--horizon", "2", "--levels", "150"], /--levels: 150 must be between 0 and 100/],
      [["--input", fixture, "--format", "m4", "--horizon", "2", "--models", "prophet"], /unknown model "prophet"/],
      [["--input", fixture, "--format", "m4", "--horizon", "2", "--auto-candidates", "prophet"], /auto candidate "prophet" is not available/],
      [["--input", fixture, "--format", "m4", "--horizon", "2", "--bogus", "1"], /--bogus/],
    ];
    for (const [argv, message] of cases) {
      const r = spawnSync(tsx, ["ml/cli/forecast.ts", ...argv], { cwd: root, encoding: "utf8" });
      expect({ argv, status: r.status }).toEqual({ argv, status: 2 });
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toMatch(/\n\s+at /);
      expect(r.stdout).toBe("");
    }
  });

  it("backtest CLI prints one row per model", () => {
    const out = execFileSync(
      tsx,
      ["ml/cli/backtest.ts", "--input", fixture, "--format", "m4", "--horizon", "24", "--season", "24", "--models", "naive,seasonal-naive", "--windows", "2", "--levels", "95"],
      { cwd: root, encoding: "utf8", stdio: "pipe" },
    );
    expect(out).toMatch(/seasonal-naive\s+\d+\.\d+\s+\d+\.\d+/);
    expect(out).toContain("cov@95");
  });
});

describe("CSV readers", () => {
  it("m4: ragged rows end at the last non-empty cell", () => {
    const s = parseM4Csv('"V1","V2","V3","V4"\n"A","1","2",""\n"B","3","4","5"\n');
    expect(s.map((x) => x.values.length)).toEqual([2, 3]);
  });
  it("long: regular grid with NaN gaps, errors name the row", () => {
    const s = parseLongCsv("id,timestamp,value\na,2024-01-01T00:00:00Z,1\na,2024-01-01T01:00:00Z,2\na,2024-01-01T03:00:00Z,4\n");
    expect(Array.from(s[0].values)).toEqual([1, 2, NaN, 4]);
    expect(() => parseLongCsv("id,timestamp,value\na,yesterday,1\n")).toThrow(/row 2, column "timestamp"/);
    expect(() => parseLongCsv("id,time,value\n")).toThrow(/needs a "timestamp" column/);
  });
});
