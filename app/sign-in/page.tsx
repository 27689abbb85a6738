import type { Metadata } from "next";
import { existsSync } from "node:fs";
import path from "node:path";
import { redirect } from "next/navigation";
import { SignInForm } from "@/components/auth/sign-in-form";
import { Icon } from "@/components/shell/icons";
import { CREDENTIALS_FILE } from "@/server/auth/ensure-admin";
import { getSessionUser } from "@/server/auth/session-user";
import { env } from "@/server/env";

export const metadata: Metadata = { title: "Sign in" };
export const dynamic = "force-dynamic";

/** Only same-site paths are accepted as the place to return to (no open redirect). */
function safeCallback(raw: string | string[] | undefined): string {
  const value = Array.isArray(raw) ? raw[0] : raw;
  return value && value.startsWith("/") && !value.startsWith("//") && !value.startsWith("/\\") ? value : "/assets";
}

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const callbackUrl = safeCallback(params.callbackUrl);
  if (await getSessionUser()) redirect(callbackUrl);
  // The generated first-admin password (embedded demo) is only in the log and this file; say where.
  const credentialsFile = path.join(env.DATA_DIR, CREDENTIALS_FILE);
  const showCredentialsHint = existsSync(credentialsFile);
  return (
    <main className="flex min-h-full items-center justify-center px-4 py-12">
      <div className="w-full max-w-sm">
        <div className="mb-8 flex flex-col items-center gap-3 text-center">
          <span className="grid size-11 place-items-center rounded-xl bg-brand-600 text-white shadow-sm">
            <Icon name="logo" width={22} height={22} />
          </span>
          <div>
            <h1 className="text-xl font-semibold tracking-tight">Sign in to Almanac</h1>
            <p className="mt-1 text-sm text-zinc-500">Forecasts and anomalies for your time series</p>
          </div>
        </div>
        <div className="rounded-xl border border-zinc-200 bg-white p-6 shadow-sm dark:border-zinc-800 dark:bg-zinc-900">
          <SignInForm callbackUrl={callbackUrl} initialError={params.error ? "Sign-in failed. Check your email and password." : null} />
        </div>
        {showCredentialsHint && (
          <p className="mt-4 text-center text-xs text-zinc-500" data-testid="first-admin-hint">
            First sign-in? The generated admin password was printed in the server log and saved to{" "}
            <code className="font-mono">{credentialsFile}</code>.
          </p>
        )}
      </div>
    </main>
  );
}
