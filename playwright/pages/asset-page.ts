import { expect, type Page } from "@playwright/test";

export class AssetPage {
  constructor(private readonly page: Page) {}

  chart() {
    return this.page.getByTestId("series-chart");
  }

  /** The drawn line: recharts renders it as one SVG path whose `d` has a command per point. */
  linePath() {
    return this.chart().locator("path.recharts-line-curve");
  }

  async expectChartWithPoints(minPoints: number) {
    await expect(this.linePath()).toBeVisible();
    const d = (await this.linePath().getAttribute("d")) ?? "";
    const commands = d.match(/[MLC]/g)?.length ?? 0;
    expect(commands, `chart path should have at least ${minPoints} points`).toBeGreaterThanOrEqual(minPoints);
    return commands;
  }

  async chooseRange(preset: "7d" | "30d" | "all" | "custom") {
    await this.page.getByTestId(`range-${preset}`).click();
    await expect(this.page.getByTestId(`range-${preset}`)).toHaveAttribute("aria-checked", "true");
  }

  /** Anomaly dots drawn on the chart (stored anomalies in the chart's range). */
  anomalyMarkers() {
    return this.chart().getByTestId("anomaly-marker");
  }

  seriesPicker() {
    return this.page.getByTestId("series-picker");
  }

  caption() {
    return this.page.getByTestId("chart-caption");
  }
}
