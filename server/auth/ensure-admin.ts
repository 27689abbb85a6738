/**
 * Makes sure the instance has an admin who can sign in. Runs at every start-up and does nothing once an
 * active admin exists. The first admin comes from ADMIN_EMAIL / ADMIN_PASSWORD; without a password
 * (typically the embedded demo) a random one is generated, printed once to the server log and written
 * to DATA_DIR/admin-credentials.txt with 0600 permissions for whoever missed the log.
 */
import { eq } from "drizzle-orm";
import { mkdirSync, writeFileSync, chmodSync } from "node:fs";
import path from "node:path";
import type { Db } from "@/db/client";
import { users } from "@/db/schema";
import { countActiveAdmins } from "@/server/users/count-admins";
import { createUser } from "@/server/users/create-user";
import { findUserByEmail } from "@/server/users/find-user";
import { generatePassword, hashPassword } from "./password";

export const DEFAULT_ADMIN_EMAIL = "admin@almanac.local";
export const CREDENTIALS_FILE = "admin-credentials.txt";

export interface EnsureAdminOptions {
  adminEmail?: string;
  adminPassword?: string;
  dataDir: string;
  log?: (line: string) => void;
}

export type EnsureAdminResult =
  | { action: "exists" }
  | { action: "created" | "promoted"; email: string; generatedPassword: string | null; credentialsFile: string | null };

export async function ensureAdmin(db: Db, options: EnsureAdminOptions): Promise<EnsureAdminResult> {
  const log = options.log ?? ((line: string) => console.log(line));
  if ((await countActiveAdmins(db)) > 0) return { action: "exists" };

  const email = (options.adminEmail ?? DEFAULT_ADMIN_EMAIL).trim().toLowerCase();
  const generatedPassword = options.adminPassword ? null : generatePassword();
  const password = options.adminPassword ?? generatedPassword!;

  const existing = await findUserByEmail(db, email);
  let action: "created" | "promoted";
  if (existing) {
    // The named account exists but is not an active admin (demoted or disabled): restore it.
    await db
      .update(users)
      .set({ role: "admin", disabledAt: null, passwordHash: await hashPassword(password) })
      .where(eq(users.id, existing.id));
    action = "promoted";
  } else {
    await createUser(db, { email, name: "Administrator", role: "admin", password });
    action = "created";
  }

  let credentialsFile: string | null = null;
  if (generatedPassword) {
    credentialsFile = path.join(options.dataDir, CREDENTIALS_FILE);
    mkdirSync(options.dataDir, { recursive: true });
    writeFileSync(credentialsFile, `email=${email}\npassword=${generatedPassword}\n`, { mode: 0o600 });
    chmodSync(credentialsFile, 0o600);
    log(
      [
        "",
        "================ Almanac first admin ================",
        `  email:    ${email}`,
        `  password: ${generatedPassword}`,
        `  (shown once; also saved to ${credentialsFile}, mode 0600)`,
        "=====================================================",
        "",
      ].join("\n"),
    );
  } else {
    log(`[almanac] admin account ${email} ${action} from ADMIN_EMAIL/ADMIN_PASSWORD`);
  }
  return { action, email, generatedPassword, credentialsFile };
}
