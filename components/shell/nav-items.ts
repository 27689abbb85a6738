/**
 * The app's navigation. A new section is one entry here (plus its page under app/(app)/); entries
 * are shown to users whose role is at least `minRole`.
 */
import type { UserRole } from "@/db/schema";
import type { IconName } from "./icons";

export interface NavItem {
  href: string;
  label: string;
  icon: IconName;
  minRole: UserRole;
  /** Used for data-testid="nav-<id>". */
  id: string;
}

export const NAV_ITEMS: NavItem[] = [
  { id: "assets", href: "/assets", label: "Assets", icon: "assets", minRole: "viewer" },
  { id: "models", href: "/models", label: "Models", icon: "models", minRole: "viewer" },
  { id: "jobs", href: "/jobs", label: "Jobs", icon: "jobs", minRole: "viewer" },
  { id: "monitoring", href: "/monitoring", label: "Monitoring", icon: "monitoring", minRole: "viewer" },
  { id: "anomalies", href: "/anomalies", label: "Anomalies", icon: "anomalies", minRole: "viewer" },
  { id: "alerts", href: "/alerts", label: "Alerts", icon: "bell", minRole: "viewer" },
  { id: "imports", href: "/imports", label: "Import", icon: "upload", minRole: "analyst" },
  { id: "api-keys", href: "/api-keys", label: "API keys", icon: "key", minRole: "admin" },
  { id: "users", href: "/users", label: "Users", icon: "users", minRole: "admin" },
];
