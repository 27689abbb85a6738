import { describe, expect, it } from "vitest";
import { customRange, presetRange, toDayInput } from "./time-range";

const last = new Date("2024-03-31T23:30:00Z");

describe("time ranges", () => {
  it("counts preset windows back from the series' last point", () => {
    expect(presetRange("7d", last)).toEqual({ from: new Date("2024-03-24T23:30:00Z"), to: new Date(last.getTime() + 1) });
    expect(presetRange("30d", last).from).toEqual(new Date("2024-03-01T23:30:00Z"));
    expect(presetRange("all", last)).toEqual({});
    expect(presetRange("7d", null)).toEqual({});
  });

  it("turns day inputs into a half-open UTC range including the end day", () => {
    expect(customRange("2024-03-01", "2024-03-02")).toEqual({ from: new Date("2024-03-01T00:00:00Z"), to: new Date("2024-03-03T00:00:00Z") });
    expect(customRange("2024-03-05", "2024-03-01")).toBeNull();
    expect(customRange("", "")).toEqual({ from: undefined, to: undefined });
    expect(customRange("garbage", "")).toBeNull();
    expect(toDayInput(last)).toBe("2024-03-31");
  });
});
