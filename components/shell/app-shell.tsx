"use client";
/**
 * The signed-in frame: a fixed sidebar on desktop, a top bar with a toggled menu on small screens.
 */
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { signOut } from "next-auth/react";
import { useState, type ReactNode } from "react";
import type { UserRole } from "@/db/schema";
import { hasRole } from "@/server/auth/schemas";
import { useTRPC } from "@/components/providers/trpc";
import { Icon } from "./icons";
import { NAV_ITEMS } from "./nav-items";

export interface ShellUser {
  email: string;
  name: string | null;
  role: UserRole;
}

function NavLinks({ role, onNavigate, variant }: { role: UserRole; onNavigate?: () => void; variant: "side" | "mobile" }) {
  const pathname = usePathname();
  return (
    <ul className="space-y-1">
      {NAV_ITEMS.filter((item) => hasRole(role, item.minRole)).map((item) => {
        const active = pathname === item.href || pathname.startsWith(item.href + "/");
        return (
          <li key={item.href}>
            <Link
              href={item.href}
              onClick={onNavigate}
              data-testid={`${variant === "mobile" ? "mobile-" : ""}nav-${item.id}`}
              aria-current={active ? "page" : undefined}
              className={`flex items-center gap-3 rounded-lg px-3 py-2 text-sm font-medium transition-colors ${
                active
                  ? "bg-brand-50 text-brand-700 dark:bg-brand-500/15 dark:text-brand-100"
                  : "text-zinc-600 hover:bg-zinc-100 hover:text-zinc-900 dark:text-zinc-400 dark:hover:bg-zinc-800/60 dark:hover:text-zinc-100"
              }`}
            >
              <Icon name={item.icon} className="shrink-0" />
              {item.label}
              {item.id === "alerts" && <UnreadAlerts />}
            </Link>
          </li>
        );
      })}
    </ul>
  );
}

/** The inbox's unread count beside "Alerts" (polled; nothing when zero). */
function UnreadAlerts() {
  const trpc = useTRPC();
  const q = useQuery({ ...trpc.alerts.unreadCount.queryOptions(), refetchInterval: 30_000 });
  const count = q.data?.unread ?? 0;
  if (!count) return null;
  return (
    <span className="ml-auto rounded-full bg-red-600 px-1.5 py-0.5 text-[10px] font-semibold leading-none text-white" data-testid="nav-alerts-unread" aria-label={`${count} unread`}>
      {count > 99 ? "99+" : count}
    </span>
  );
}

function UserBlock({ user }: { user: ShellUser }) {
  return (
    <div className="flex items-center gap-3">
      <div className="grid size-8 shrink-0 place-items-center rounded-full bg-zinc-200 text-xs font-semibold uppercase text-zinc-700 dark:bg-zinc-800 dark:text-zinc-200">
        {(user.name ?? user.email).slice(0, 1)}
      </div>
      <div className="min-w-0 flex-1">
        <p className="truncate text-sm font-medium" data-testid="current-user">
          {user.name ?? user.email}
        </p>
        <p className="truncate text-xs text-zinc-500 capitalize">{user.role}</p>
      </div>
      <button
        type="button"
        data-testid="sign-out"
        onClick={async () => {
          // redirect:false, then navigate ourselves: next-auth's absolute redirect URL depends on NEXTAUTH_URL.
          await signOut({ redirect: false });
          // A full load (not router.push) drops every cached query of the signed-out user.
          // eslint-disable-next-line @next/next/no-location-assign-relative-destination
          window.location.assign("/sign-in");
        }}
        className="rounded-md p-1.5 text-zinc-500 hover:bg-zinc-100 hover:text-zinc-900 dark:hover:bg-zinc-800 dark:hover:text-zinc-100"
        title="Sign out"
        aria-label="Sign out"
      >
        <Icon name="logout" />
      </button>
    </div>
  );
}

function Brand() {
  return (
    <Link href="/assets" className="flex items-center gap-2 font-semibold tracking-tight">
      <span className="grid size-8 place-items-center rounded-lg bg-brand-600 text-white">
        <Icon name="logo" width={18} height={18} />
      </span>
      Almanac
    </Link>
  );
}

export function AppShell({ user, children }: { user: ShellUser; children: ReactNode }) {
  const pathname = usePathname();
  // The menu belongs to the page it was opened on, so any navigation (links, back/forward) closes it.
  const [openOn, setOpenOn] = useState<string | null>(null);
  const menuOpen = openOn === pathname;
  const setMenuOpen = (open: boolean | ((was: boolean) => boolean)) =>
    setOpenOn((typeof open === "function" ? open(menuOpen) : open) ? pathname : null);

  return (
    <div className="min-h-full" data-testid="app-shell">
      <aside
        data-testid="sidebar"
        className="fixed inset-y-0 left-0 hidden w-60 flex-col border-r border-zinc-200 bg-white px-3 py-4 md:flex dark:border-zinc-800 dark:bg-zinc-900"
      >
        <div className="px-2 pb-6">
          <Brand />
        </div>
        <nav aria-label="Main" className="flex-1">
          <NavLinks role={user.role} variant="side" />
        </nav>
        <div className="border-t border-zinc-200 px-2 pt-4 dark:border-zinc-800">
          <UserBlock user={user} />
        </div>
      </aside>

      <header className="sticky top-0 z-30 border-b border-zinc-200 bg-white/90 backdrop-blur md:hidden dark:border-zinc-800 dark:bg-zinc-900/90">
        <div className="flex h-14 items-center justify-between px-4">
          <Brand />
          <button
            type="button"
            data-testid="mobile-menu-button"
            aria-expanded={menuOpen}
            aria-controls="mobile-menu"
            aria-label={menuOpen ? "Close menu" : "Open menu"}
            onClick={() => setMenuOpen((o) => !o)}
            className="rounded-md p-2 text-zinc-600 hover:bg-zinc-100 dark:text-zinc-300 dark:hover:bg-zinc-800"
          >
            <Icon name={menuOpen ? "close" : "menu"} />
          </button>
        </div>
        {menuOpen && (
          <nav
            id="mobile-menu"
            data-testid="mobile-menu"
            aria-label="Main"
            className="space-y-4 border-t border-zinc-200 px-3 py-3 dark:border-zinc-800"
          >
            <NavLinks role={user.role} variant="mobile" onNavigate={() => setMenuOpen(false)} />
            <div className="border-t border-zinc-200 px-2 pt-3 dark:border-zinc-800">
              <UserBlock user={user} />
            </div>
          </nav>
        )}
      </header>

      <main className="md:pl-60">
        <div className="mx-auto max-w-6xl px-4 py-6 sm:px-6 lg:px-8 lg:py-8">{children}</div>
      </main>
    </div>
  );
}
