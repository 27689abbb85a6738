import { describe, expect, it } from "vitest";
import { InvalidInputError } from "../errors";
import { convertConcentration, parseConcentrationUnit, ppbToUgm3, ugm3ToPpb } from "./units";

describe("unit conversion at 25 °C", () => {
  it("matches the usual factors (1 ppb NO2 = 1.88 µg/m³, SO2 2.62, O3 1.96, CO 1.145)", () => {
    expect(ppbToUgm3("no2", 1)).toBeCloseTo(1.8816, 3);
    expect(ppbToUgm3("so2", 1)).toBeCloseTo(2.6203, 3);
    expect(ppbToUgm3("o3", 1)).toBeCloseTo(1.9631, 3);
    expect(ppbToUgm3("co", 1)).toBeCloseTo(1.1456, 3);
    expect(ugm3ToPpb("no2", ppbToUgm3("no2", 53))).toBeCloseTo(53, 10);
  });

  it("converts between mass and mixing ratio units, both ways", () => {
    // Beijing's CO is µg/m³: 1,300 µg/m³ = 1.3 mg/m³ = 1.135 ppm.
    expect(convertConcentration("co", 1300, "µg/m³", "mg/m³")).toBeCloseTo(1.3, 12);
    expect(convertConcentration("co", 1300, "µg/m³", "ppm")).toBeCloseTo(1.1348, 3);
    expect(convertConcentration("o3", 0.07, "ppm", "µg/m³")).toBeCloseTo(137.4, 1);
    expect(convertConcentration("so2", 75, "ppb", "ppm")).toBeCloseTo(0.075, 12);
    expect(convertConcentration("pm25", 12, "µg/m³", "µg/m³")).toBe(12);
  });

  it("refuses mixing ratios for particles, naming the unit", () => {
    expect(() => convertConcentration("pm25", 10, "µg/m³", "ppb")).toThrow(InvalidInputError);
    expect(() => convertConcentration("pm10", 10, "ppm", "µg/m³")).toThrow(/pm10.*ppm/);
  });

  it("parses the usual spellings", () => {
    expect(["µg/m³", "μg/m3", "ug/m3", " UG/M3 "].map(parseConcentrationUnit)).toEqual(["µg/m³", "µg/m³", "µg/m³", "µg/m³"]);
    expect(parseConcentrationUnit("mg/m³")).toBe("mg/m³");
    expect(parseConcentrationUnit("PPB")).toBe("ppb");
    expect(parseConcentrationUnit("°C")).toBeNull();
  });
});
