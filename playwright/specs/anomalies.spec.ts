import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { mkdirSync } from "node:fs";
import { ARTIFACTS_DIR, E2E_ADMIN } from "../e2e-env";
import { AppShell } from "../pages/app-shell";
import { AssetPage } from "../pages/asset-page";
import { SignInPage } from "../pages/sign-in-page";

const HALF_HOUR = 1_800_000;

test("a reading pushed over the API that spikes is flagged: a marker on the asset chart and a row on the anomalies page", async ({ page }) => {
  const signIn = new SignInPage(page);
  await signIn.goto();
  await signIn.signIn(E2E_ADMIN.email, E2E_ADMIN.password);
  await new AppShell(page).expectSignedIn();

  // An ingest key from the API keys page (shown once).
  await page.goto("/api-keys");
  await page.getByTestId("new-api-key-button").click();
  await page.getByTestId("api-key-name").fill("e2e meter gateway");
  await page.getByTestId("api-key-scope-ingest").check();
  await page.getByTestId("api-key-submit").click();
  const key = (await page.getByTestId("new-api-key-value").textContent())?.trim() ?? "";
  expect(key).toMatch(/^alm_/);

  // The demo demand series ends at its CSV's last row; the next reading is 60 % above that row's value.
  const rows = readFileSync(path.resolve("data/demo/taylor-england-wales-demand-half-hourly.csv"), "utf8").trim().split("\n");
  const [lastTs, lastValue] = rows[rows.length - 1].split(",");
  const spikeAt = new Date(Date.parse(lastTs) + HALF_HOUR).toISOString();
  const res = await page.request.post("/api/v1/assets/ew-demand/observations?metric=demand_mw", {
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    data: [{ timestamp: spikeAt, value: Math.round(Number(lastValue) * 1.6) }],
  });
  expect(res.status()).toBe(200);

  const asset = new AssetPage(page);
  await expect
    .poll(
      async () => {
        await page.goto("/assets/ew-demand");
        await asset.expectChartWithPoints(100);
        return asset.anomalyMarkers().count();
      },
      { timeout: 30_000 },
    )
    .toBeGreaterThanOrEqual(1);
  await expect(asset.anomalyMarkers().first()).toHaveAttribute("data-kind", "spike_above");
  await expect(page.getByTestId("chart-anomalies")).toContainText("anomal");
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS_DIR, "asset-ew-demand-anomaly.png"), fullPage: true });

  await page.getByTestId("chart-anomalies").click();
  await expect(page).toHaveURL(/\/anomalies/);
  await expect(page.getByText(/Exceeds predicted value by \d+%/).first()).toBeVisible();
});
