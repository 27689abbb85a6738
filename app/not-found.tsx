import { AppShell } from "@/components/shell/app-shell";
import { NotFoundCard } from "@/components/shell/not-found-card";
import { getSessionUser } from "@/server/auth/session-user";

/**
 * Any URL no route matches: inside the app shell for a signed-in user (the sidebar is the way on), a plain card
 * with the way to sign in otherwise. (A catch-all page route would also catch other methods than GET.)
 */
export default async function NotFound() {
  const user = await getSessionUser();
  if (!user) return <NotFoundCard signedIn={false} />;
  return (
    <AppShell user={{ email: user.email, name: user.name, role: user.role }}>
      <NotFoundCard signedIn />
    </AppShell>
  );
}
