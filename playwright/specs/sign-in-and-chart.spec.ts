import { mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { ARTIFACTS_DIR, E2E_ADMIN } from "../e2e-env";
import { AppShell } from "../pages/app-shell";
import { AssetPage } from "../pages/asset-page";
import { AssetsPage } from "../pages/assets-page";
import { ImportPage } from "../pages/import-page";
import { SignInPage } from "../pages/sign-in-page";

test.describe("signed-out visitors", () => {
  test("are sent to the sign-in page and a wrong password is refused", async ({ page }) => {
    await page.goto("/assets/ew-demand");
    await expect(page).toHaveURL(/\/sign-in\?callbackUrl=%2Fassets%2Few-demand/);
    const signIn = new SignInPage(page);
    await signIn.signIn(E2E_ADMIN.email, "not the password");
    await expect(signIn.error()).toBeVisible();
    await expect(page).toHaveURL(/\/sign-in/);
  });
});

test("admin signs in, opens the electricity asset and sees its chart", async ({ page }) => {
  const signIn = new SignInPage(page);
  await signIn.goto();
  await signIn.signIn(E2E_ADMIN.email, E2E_ADMIN.password);

  const shell = new AppShell(page);
  await shell.expectSignedIn();
  await expect(shell.navLink("assets")).toBeVisible();
  await expect(shell.navLink("users")).toBeVisible();
  await expect(shell.navLink("api-keys")).toBeVisible();

  const assets = new AssetsPage(page);
  await assets.expectLoaded();
  await expect(assets.row("ew-demand")).toBeVisible();
  await assets.open("ew-demand");

  const asset = new AssetPage(page);
  // Default range: the 30 days before the last point of half-hourly data.
  const points30d = await asset.expectChartWithPoints(100);
  await expect(asset.caption()).toContainText("points");

  await asset.chooseRange("7d");
  await expect.poll(async () => (await asset.linePath().getAttribute("d"))?.match(/[MLC]/g)?.length ?? 0).toBeLessThan(points30d);
  await asset.expectChartWithPoints(100);

  // CSV export of the visible range: one row per observation the caption counts (full resolution), then any forecast.
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("export-csv").click()]);
  const csv = readFileSync(await download.path(), "utf8").trim().split("\n");
  const counted = Number((await asset.caption().textContent())!.match(/([\d,]+) points/)![1].replace(/,/g, ""));
  expect(csv[0]).toMatch(/^timestamp,kind,value/);
  expect(csv.filter((l) => l.split(",")[1] === "observed")).toHaveLength(counted);
  expect(download.suggestedFilename()).toMatch(/^ew-demand-demand_mw-\d{4}-\d{2}-\d{2}\.csv$/);

  // The range is in the URL: a reload (or a shared link) shows the same 7 days.
  expect(page.url()).toContain("range=7d");
  await page.reload();
  await expect(page.getByTestId("range-7d")).toHaveAttribute("aria-checked", "true");
  await asset.expectChartWithPoints(100);

  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS_DIR, "asset-ew-demand-desktop.png"), fullPage: true });

  // A path no page matches: the app's own 404, inside the shell, with the way back.
  const missing = await page.goto("/no-such-page/at-all");
  expect(missing?.status()).toBe(404);
  await expect(page.getByTestId("not-found")).toBeVisible();
  await expect(shell.navLink("assets")).toBeVisible();
});

test("a CSV with a bad row is refused with the row named, a good one is imported", async ({ page }) => {
  const signIn = new SignInPage(page);
  await signIn.goto();
  await signIn.signIn(E2E_ADMIN.email, E2E_ADMIN.password);
  await new AppShell(page).expectSignedIn();

  const importer = new ImportPage(page);
  await importer.goto();
  // The bad file goes to a demo asset and must leave it unchanged; the good one creates its own asset
  // so other specs see the demo data as shipped.
  await importer.importFile("ew-demand", "bad.csv", "timestamp,demand_mw\n2000-09-01T00:00:00Z,1\n2000-09-01T00:30:00Z,lots\n");
  await expect(importer.error()).toContainText(/row 2/i);
  // The row is named once, not "Row 2: row 2, …".
  await expect(importer.error()).not.toContainText(/row 2\b.*row 2\b/i);

  await importer.importFile({ slug: "e2e-plant", name: "E2E plant" }, "good.csv", "timestamp,kwh\n2024-01-01T00:00:00Z,3\n2024-01-01T01:00:00Z,4\n");
  await expect(importer.result()).toContainText("2 rows read, 2 points new");
  await page.getByRole("link", { name: "Open e2e-plant" }).click();
  await expect(new AssetPage(page).seriesPicker()).toHaveValue(/.+/);
});
