import { expect, type Page } from "@playwright/test";

/** /jobs: the start-training form and the jobs table. */
export class JobsPage {
  constructor(private readonly page: Page) {}

  async goto() {
    await this.page.goto("/jobs");
    await expect(this.page.getByTestId("start-training-form")).toBeVisible();
  }

  /** Starts a quick training job and waits for the job page it redirects to; returns the run id. */
  async startTraining(assetSlug: string, metric: string): Promise<string> {
    await this.page.getByTestId("training-asset").selectOption(assetSlug);
    await expect(this.page.getByTestId("training-metric")).toBeEnabled();
    await this.page.getByTestId("training-metric").selectOption(metric);
    await this.page.getByTestId("training-mode").selectOption("quick");
    await this.page.getByTestId("start-training").click();
    await this.page.waitForURL(/\/jobs\/[0-9a-f-]{36}$/);
    return this.page.url().split("/").pop()!;
  }
}

/** /jobs/{id}: live progress over server-sent events. */
export class JobPage {
  constructor(private readonly page: Page) {}

  progress() {
    return this.page.getByTestId("job-progress");
  }

  async expectDone(timeoutMs: number) {
    await expect(this.page.getByTestId("job-status")).toHaveText("succeeded", { timeout: timeoutMs });
    await expect(this.progress()).toHaveAttribute("aria-valuenow", "100");
    await expect(this.page.getByTestId("loss-chart")).toBeVisible();
  }

  async openVersion() {
    await this.page.getByTestId("job-version-link").click();
    await this.page.waitForURL(/\/models\/versions\/[0-9a-f-]{36}$/);
  }
}

/** /models/versions/{id}: metrics, backtest plot, promote / roll back. */
export class VersionPage {
  constructor(private readonly page: Page) {}

  state() {
    return this.page.getByTestId("version-state");
  }

  async promote() {
    const versionId = this.page.url().split("/").pop()!;
    await this.page.getByTestId(`promote-${versionId}`).click();
    // Promotion asks once more.
    await this.page.getByTestId(`promote-${versionId}-confirm`).click();
    await expect(this.state()).toHaveText("champion");
  }
}
