import type { ReactNode } from "react";
import { AppShell } from "@/components/shell/app-shell";
import { requireUser } from "@/server/auth/require-user";

// Every page below depends on the session cookie.
export const dynamic = "force-dynamic";

export default async function SignedInLayout({ children }: { children: ReactNode }) {
  const user = await requireUser("viewer");
  return <AppShell user={{ email: user.email, name: user.name, role: user.role }}>{children}</AppShell>;
}
