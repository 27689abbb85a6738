import { Suspense, type ReactNode } from "react";
import { RedirectToSignIn } from "@/components/auth/redirect-to-sign-in";
import { AppShell } from "@/components/shell/app-shell";
import { getSessionUser } from "@/server/auth/session-user";

// Every page below depends on the session cookie.
export const dynamic = "force-dynamic";

export default async function SignedInLayout({ children }: { children: ReactNode }) {
  const user = await getSessionUser();
  // Pages also guard themselves (requireUser) with their own path as callbackUrl; whichever runs
  // first, a signed-out visitor never sees the shell or a page.
  if (!user) {
    return (
      <Suspense>
        <RedirectToSignIn />
      </Suspense>
    );
  }
  return <AppShell user={{ email: user.email, name: user.name, role: user.role }}>{children}</AppShell>;
}
