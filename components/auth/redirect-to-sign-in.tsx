"use client";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useEffect } from "react";
import { Spinner } from "@/components/ui/states";

/**
 * Rendered by the signed-in layout when there is no session. A layout cannot see the request path on
 * the server, so the browser sends the visitor to sign-in with the page they wanted as callbackUrl.
 */
export function RedirectToSignIn() {
  const router = useRouter();
  const pathname = usePathname();
  const search = useSearchParams();
  useEffect(() => {
    const query = search.toString();
    router.replace(`/sign-in?callbackUrl=${encodeURIComponent(pathname + (query ? `?${query}` : ""))}`);
  }, [router, pathname, search]);
  return (
    <div className="flex min-h-full items-center justify-center gap-2 text-sm text-zinc-500">
      <Spinner /> Redirecting to sign-in…
    </div>
  );
}
