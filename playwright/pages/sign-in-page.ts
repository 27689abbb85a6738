import { expect, type Page } from "@playwright/test";

export class SignInPage {
  constructor(private readonly page: Page) {}

  async goto(callbackUrl?: string) {
    await this.page.goto(callbackUrl ? `/sign-in?callbackUrl=${encodeURIComponent(callbackUrl)}` : "/sign-in");
    await expect(this.page.getByTestId("sign-in-form")).toBeVisible();
  }

  async signIn(email: string, password: string) {
    await this.page.getByTestId("sign-in-email").fill(email);
    await this.page.getByTestId("sign-in-password").fill(password);
    await this.page.getByTestId("sign-in-submit").click();
  }

  error() {
    return this.page.getByTestId("sign-in-error");
  }
}
