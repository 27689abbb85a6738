import Link from "next/link";
import { Card } from "@/components/ui/card";

/** "This page does not exist", with the way back: the 404 of the app (inside the shell when signed in). */
export function NotFoundCard({ signedIn }: { signedIn: boolean }) {
  return (
    <Card className="mx-auto mt-10 max-w-lg p-8 text-center" data-testid="not-found">
      <p className="text-sm font-semibold uppercase tracking-wide text-brand-700 dark:text-brand-300">404</p>
      <h1 className="mt-2 text-xl font-semibold">This page does not exist</h1>
      <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">The address may be mistyped, or what it pointed to was deleted.</p>
      <div className="mt-6 flex justify-center gap-3 text-sm">
        <Link href="/" className="rounded-md bg-brand-600 px-3 py-1.5 font-medium text-white hover:bg-brand-700">
          {signedIn ? "Overview" : "Sign in"}
        </Link>
        {signedIn && (
          <Link href="/assets" className="rounded-md border border-zinc-300 px-3 py-1.5 font-medium hover:bg-zinc-50 dark:border-zinc-700 dark:hover:bg-zinc-900">
            Assets
          </Link>
        )}
      </div>
    </Card>
  );
}
