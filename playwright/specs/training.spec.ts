import { mkdirSync } from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { ARTIFACTS_DIR, E2E_ADMIN } from "../e2e-env";
import { AppShell } from "../pages/app-shell";
import { SignInPage } from "../pages/sign-in-page";
import { JobPage, JobsPage, VersionPage } from "../pages/training-pages";

// Two quick training jobs on the 4,032-point demand series, each ~10-40 s on a 2-core machine.
test.setTimeout(300_000);

test("train from the UI, watch it finish, promote the new version and see its forecast on the asset page", async ({ page }) => {
  const signIn = new SignInPage(page);
  await signIn.goto();
  await signIn.signIn(E2E_ADMIN.email, E2E_ADMIN.password);
  await new AppShell(page).expectSignedIn();

  // First job: the model has no champion yet, so its first version becomes champion.
  const jobs = new JobsPage(page);
  await jobs.goto();
  await jobs.startTraining("ew-demand", "demand_mw");
  const job = new JobPage(page);
  await expect(job.progress()).toBeVisible();
  await job.expectDone(120_000);

  // Second job: registered as a candidate; promote it from its version page.
  await jobs.goto();
  await jobs.startTraining("ew-demand", "demand_mw");
  await job.expectDone(120_000);
  await job.openVersion();
  const version = new VersionPage(page);
  await expect(version.state()).toHaveText("candidate");
  await expect(page.getByTestId("backtest-chart")).toBeVisible();
  const versionUrl = page.url();
  await version.promote();

  // The asset page serves the promoted version's forecast (refresh-forecasts runs after the promotion).
  await page.goto("/assets/ew-demand");
  const panel = page.getByTestId("forecast-panel");
  await expect(panel).toHaveAttribute("data-version", "2", { timeout: 60_000 });
  await expect(page.getByTestId("forecast-chart")).toHaveAttribute("data-points", "48");

  // The two versions side by side: metrics per horizon step, both backtests on one chart, the choice in the URL.
  await page.goto(versionUrl);
  await page.locator('main a[href^="/models/"]:not([href*="/versions/"])').first().click();
  await page.waitForURL(/\/models\/[0-9a-f-]{36}$/);
  await page.getByTestId("compare-versions-link").click();
  await page.waitForURL(/\/models\/[0-9a-f-]{36}\/compare/);
  await expect(page.getByTestId("compare-metrics")).toBeVisible();
  expect(await page.getByTestId("compare-metric-row").count()).toBeGreaterThanOrEqual(3);
  await expect(page.locator('[data-testid="compare-metric-row"][data-step="all"][data-metric="MASE"]')).toHaveCount(1);
  await expect(page.getByTestId("compare-backtest-chart")).toBeVisible();
  const b = page.getByTestId("compare-version-b");
  const other = await b.locator("option:not([disabled])").first().getAttribute("value");
  await b.selectOption(other!);
  await expect.poll(() => new URL(page.url()).searchParams.get("b")).toBe(other);
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS_DIR, "compare-versions.png"), fullPage: true });
});
