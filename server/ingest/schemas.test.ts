import { describe, expect, it } from "vitest";
import { csvImportOptionsSchema, seriesBatchSchema } from "./schemas";

const firstIssue = (r: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) =>
  r.success ? undefined : { path: r.error!.issues[0].path.join("."), message: r.error!.issues[0].message };

describe("csvImportOptionsSchema upper bounds", () => {
  const columns = (n: number) => Array.from({ length: n }, (_, i) => `c${i}`);
  it.each([
    ["timestampColumn", { timestampColumn: "t".repeat(257) }, "timestampColumn"],
    ["metrics", { metrics: columns(1_001).map((column) => ({ column })) }, "metrics"],
    ["metrics[].column", { metrics: [{ column: "m".repeat(257) }] }, "metrics.0.column"],
    ["ignoreColumns", { ignoreColumns: columns(1_001) }, "ignoreColumns"],
    ["ignoreColumns[]", { ignoreColumns: ["x".repeat(257)] }, "ignoreColumns.0"],
    ["missingValues", { missingValues: columns(51) }, "missingValues"],
    ["missingValues[]", { missingValues: ["-".repeat(65)] }, "missingValues.0"],
  ])("refuses an over-limit %s, naming the field", (_, options, path) => {
    const r = firstIssue(csvImportOptionsSchema.safeParse(options));
    expect(r?.path).toBe(path);
    expect(r?.message).toMatch(/too big|at most|<=/i);
  });

  it("accepts the limits themselves", () => {
    expect(
      csvImportOptionsSchema.safeParse({
        timestampColumn: "t".repeat(256),
        metrics: columns(1_000).map((column) => ({ column })),
        ignoreColumns: columns(1_000),
        missingValues: columns(50),
      }).success,
    ).toBe(true);
  });
});

describe("seriesBatchSchema upper bounds", () => {
  it("refuses a batch of more than 1,000,000 points, naming the field", () => {
    const point = { tsMs: 0, value: 1 };
    const r = firstIssue(seriesBatchSchema.safeParse({ metric: "load", points: new Array(1_000_001).fill(point) }));
    expect(r?.path).toBe("points");
    expect(r?.message).toMatch(/too big|at most|<=/i);
  });
});
