import { mkdirSync } from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { ARTIFACTS_DIR, E2E_ADMIN } from "../e2e-env";
import { AppShell } from "../pages/app-shell";
import { AssetPage } from "../pages/asset-page";
import { AssetsPage } from "../pages/assets-page";
import { SignInPage } from "../pages/sign-in-page";

test("on a phone the sidebar gives way to a menu that navigates", async ({ page }) => {
  const signIn = new SignInPage(page);
  await signIn.goto();
  await signIn.signIn(E2E_ADMIN.email, E2E_ADMIN.password);

  const shell = new AppShell(page);
  await shell.expectSignedIn();
  await expect(shell.sidebar()).toBeHidden();
  await expect(page.getByTestId("mobile-menu")).toBeHidden();

  const menu = await shell.openMobileMenu();
  await expect(menu.getByTestId("mobile-nav-assets")).toBeVisible();
  await expect(menu.getByTestId("mobile-nav-users")).toBeVisible();
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS_DIR, "mobile-menu.png") });

  await shell.mobileNavLink("users").click();
  await expect(page).toHaveURL(/\/users$/);
  await expect(page.getByTestId("mobile-menu")).toBeHidden();
  await expect(page.getByTestId("users-table")).toBeVisible();

  const assets = new AssetsPage(page);
  await assets.goto();
  await assets.open("ew-demand");
  await new AssetPage(page).expectChartWithPoints(100);
  await page.screenshot({ path: path.join(ARTIFACTS_DIR, "asset-ew-demand-mobile.png"), fullPage: true });
});
