import { expect, type Page } from "@playwright/test";

export class AppShell {
  constructor(private readonly page: Page) {}

  async expectSignedIn() {
    await expect(this.page.getByTestId("app-shell")).toBeVisible();
  }

  sidebar() {
    return this.page.getByTestId("sidebar");
  }

  navLink(id: string) {
    return this.page.getByTestId(`nav-${id}`);
  }

  async openMobileMenu() {
    await this.page.getByTestId("mobile-menu-button").click();
    await expect(this.page.getByTestId("mobile-menu")).toBeVisible();
    return this.page.getByTestId("mobile-menu");
  }

  mobileNavLink(id: string) {
    return this.page.getByTestId(`mobile-nav-${id}`);
  }
}
