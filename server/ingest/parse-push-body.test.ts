import { describe, expect, it } from "vitest";
import { ValidationError } from "@/server/http/errors";
import { csvOptionsFromFields } from "./csv-options-from-fields";
import { metricNameFromColumn } from "./import-csv";
import { parsePushBody } from "./parse-push-body";

describe("parsePushBody", () => {
  it("normalizes the three shapes", () => {
    expect(parsePushBody({ metric: "m", body: [{ timestamp: "2024-01-01T00:00:00Z", value: 1.5, quality: 2 }] })).toEqual([
      { metric: "m", unit: null, points: [{ tsMs: Date.UTC(2024, 0, 1), value: 1.5, quality: 2 }] },
    ]);
    expect(parsePushBody({ body: { metric: "m", unit: "V", points: [{ timestamp: 1_704_067_200, value: 2 }] } })[0]).toMatchObject({
      unit: "V",
      points: [{ tsMs: Date.UTC(2024, 0, 1), value: 2 }],
    });
    const wide = parsePushBody({ body: [{ timestamp: "2024-01-01T00:00:00Z", a: 1, b: null }, { timestamp: "2024-01-01T01:00:00Z", b: 3 }] });
    expect(wide.map((b) => [b.metric, b.points.length])).toEqual([
      ["a", 1],
      ["b", 1],
    ]);
  });

  it("names the field and row of the first problem", () => {
    const err = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        expect(e).toBeInstanceOf(ValidationError);
        return e as ValidationError;
      }
      throw new Error("expected a ValidationError");
    };
    expect(err(() => parsePushBody({ metric: "m", body: [{ timestamp: "2024-01-01T00:00:00Z" }] }))).toMatchObject({ field: "[0].value", row: 1 });
    expect(err(() => parsePushBody({ metric: "m", body: [{ timestamp: "x", value: 1 }, { timestamp: "2024-13-01", value: 1 }] }))).toMatchObject({
      field: "[0].timestamp",
      row: 1,
    });
    expect(err(() => parsePushBody({ body: { metric: "m", points: [] }, metric: "other" }))).toMatchObject({ field: "metric" });
    expect(err(() => parsePushBody({ body: [{ timestamp: "2024-01-01T00:00:00Z", "bad name": 1 }] }))).toMatchObject({ row: 1 });
    expect(err(() => parsePushBody({ body: 42 }))).toMatchObject({ field: "(body)" });
    expect(err(() => parsePushBody({ metric: "m", body: [{ timestamp: "2024-01-01T00:00:00Z", value: 1e400 }] })).field).toBe("[0].value");
  });
});

describe("csvOptionsFromFields", () => {
  it("reads lists, metric mappings and flags from text fields", () => {
    const options = csvOptionsFromFields(
      new Map([
        ["asset", "x"],
        ["metrics", "demand=demand_mw:MW,temp"],
        ["missingValues", ",NA"],
        ["skipMissing", "false"],
        ["timezone", "Europe/London"],
      ]),
      ["asset"],
    );
    expect(options).toEqual({
      metrics: [
        { column: "demand", metric: "demand_mw", unit: "MW" },
        { column: "temp", metric: undefined, unit: undefined },
      ],
      missingValues: ["", "NA"],
      skipMissing: "false",
      timezone: "Europe/London",
    });
    expect(csvOptionsFromFields(new Map([["metrics", '[{"column":"a","unit":"kW"}]']]))).toEqual({ metrics: [{ column: "a", unit: "kW" }] });
    expect(() => csvOptionsFromFields(new Map([["colour", "blue"]]))).toThrow(/unknown import option "colour"/);
    expect(() => csvOptionsFromFields(new Map([["metrics", "[oops"]]))).toThrow(ValidationError);
  });

  it("slugifies header names into metric names", () => {
    expect(metricNameFromColumn("Temp (°F)")).toBe("temp_f");
    expect(metricNameFromColumn("Wind Speed m/s")).toBe("wind_speed_m_s");
    expect(metricNameFromColumn("Ozone")).toBe("ozone");
  });
});
