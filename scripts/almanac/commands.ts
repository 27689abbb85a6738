/**
 * `npm run almanac -- …`: headless administration through the same services the web app uses.
 *
 *   keys create --name N --scopes predict,ingest [--assets a,b] [--expires 2027-01-01] [--rate-limit 120]   prints the key once
 *   keys list [--all]            keys revoke ID_OR_PREFIX
 *   users create --email E --role admin|analyst|viewer [--name N] [--password P]         prints a generated password once
 *   users list                   assets list [--kind K] [--search TEXT]
 */
import type { Db } from "@/db/client";
import { API_KEY_SCOPES, ASSET_KINDS, USER_ROLES, type ApiKeyScope, type UserRole } from "@/db/schema";
import { apiKeyExpiry, createApiKey, listApiKeys, revokeApiKey } from "@/server/api-keys";
import { findAsset, listAssets, type AssetKind } from "@/server/assets";
import { generatePassword } from "@/server/auth/password";
import { AppError } from "@/server/http/errors";
import { createUser } from "@/server/users/create-user";
import { listUsers } from "@/server/users/list-users";
import { expectFlags, listFlag, parseArgv, stringFlag, UsageError, type ParsedArgs } from "./parse-argv";

export interface CliIo {
  out: (line: string) => void;
  err: (line: string) => void;
}

export const USAGE = `usage: npm run almanac -- <command>
  keys create --name NAME --scopes ${API_KEY_SCOPES.join(",")} [--assets ID_OR_SLUG,...] [--expires DATE] [--rate-limit PER_MINUTE]
  keys list [--all]
  keys revoke ID_OR_PREFIX
  users create --email EMAIL --role ${USER_ROLES.join("|")} [--name NAME] [--password PASSWORD]
  users list
  assets list [--kind ${ASSET_KINDS.join("|")}] [--search TEXT]`;

function table(rows: Record<string, unknown>[], io: CliIo): void {
  if (rows.length === 0) {
    io.out("(none)");
    return;
  }
  const cols = Object.keys(rows[0]);
  const cell = (v: unknown) => (v === null || v === undefined ? "-" : v instanceof Date ? v.toISOString() : Array.isArray(v) ? v.join(",") : String(v));
  const widths = cols.map((c) => Math.max(c.length, ...rows.map((r) => cell(r[c]).length)));
  io.out(cols.map((c, i) => c.padEnd(widths[i])).join("  ").trimEnd());
  for (const r of rows) io.out(cols.map((c, i) => cell(r[c]).padEnd(widths[i])).join("  ").trimEnd());
}

async function keysCreate(db: Db, args: ParsedArgs, io: CliIo): Promise<void> {
  expectFlags(args, ["name", "scopes", "assets", "expires", "rate-limit"], "keys create");
  const name = stringFlag(args, "name", true);
  const scopes = listFlag(args, "scopes");
  if (!scopes) throw new UsageError("--scopes is required");
  for (const s of scopes) if (!(API_KEY_SCOPES as readonly string[]).includes(s)) throw new UsageError(`--scopes: unknown scope "${s}" (one of ${API_KEY_SCOPES.join(", ")})`);
  const assetRefs = listFlag(args, "assets");
  let assetIds: string[] | null = null;
  if (assetRefs) {
    assetIds = [];
    for (const ref of assetRefs) {
      const asset = await findAsset(db, { idOrSlug: ref });
      if (!asset) throw new UsageError(`--assets: no asset "${ref}"`);
      assetIds.push(asset.id);
    }
  }
  const expires = stringFlag(args, "expires");
  const expiresAt = expires === undefined ? null : new Date(expires);
  if (expiresAt && Number.isNaN(expiresAt.getTime())) throw new UsageError(`--expires: not a date: "${expires}"`);
  if (expiresAt) {
    const checked = apiKeyExpiry().safeParse(expiresAt);
    if (!checked.success) throw new UsageError(`--expires: ${checked.error.issues[0].message}`);
  }
  const rate = stringFlag(args, "rate-limit");
  const rateLimitPerMinute = rate === undefined ? null : Number(rate);
  if (rateLimitPerMinute !== null && !(Number.isInteger(rateLimitPerMinute) && rateLimitPerMinute >= 1 && rateLimitPerMinute <= 1_000_000))
    throw new UsageError(`--rate-limit: requests per minute, a whole number from 1 to 1000000 (got "${rate}")`);
  const { key, apiKey } = await createApiKey(db, { name, scopes: scopes as ApiKeyScope[], assetIds, expiresAt, rateLimitPerMinute });
  io.out(key);
  io.err(`created key ${apiKey.prefix} "${apiKey.name}" (${apiKey.scopes.join(",")}${assetIds ? `; assets ${assetRefs!.join(",")}` : "; all assets"}). The key is shown only this once.`);
}

async function keysList(db: Db, args: ParsedArgs, io: CliIo): Promise<void> {
  expectFlags(args, ["all"], "keys list");
  const keys = await listApiKeys(db, { includeRevoked: args.flags.get("all") === true });
  table(keys.map((k) => ({ id: k.id, prefix: k.prefix, name: k.name, scopes: k.scopes, assets: k.assetIds ?? "all", perMinute: k.rateLimitPerMinute ?? "default", expires: k.expiresAt, lastUsed: k.lastUsedAt, revoked: k.revokedAt })), io);
}

async function keysRevoke(db: Db, args: ParsedArgs, io: CliIo): Promise<void> {
  expectFlags(args, [], "keys revoke");
  const [ref, extra] = args.positional;
  if (!ref || extra !== undefined) throw new UsageError("keys revoke takes one key id or prefix");
  const keys = await listApiKeys(db, { includeRevoked: true });
  const match = keys.filter((k) => k.id === ref || k.prefix === ref || `alm_${k.prefix}` === ref);
  if (match.length === 0) throw new UsageError(`keys revoke: no key "${ref}"`);
  const revoked = await revokeApiKey(db, { id: match[0].id });
  io.out(`revoked ${revoked.prefix} "${revoked.name}"`);
}

async function usersCreate(db: Db, args: ParsedArgs, io: CliIo): Promise<void> {
  expectFlags(args, ["email", "role", "name", "password"], "users create");
  const email = stringFlag(args, "email", true);
  if (!/^[^@\s]+@[^@\s]+$/.test(email)) throw new UsageError(`--email: not an email address: "${email}"`);
  const role = stringFlag(args, "role", true);
  if (!(USER_ROLES as readonly string[]).includes(role)) throw new UsageError(`--role: unknown role "${role}" (one of ${USER_ROLES.join(", ")})`);
  const given = stringFlag(args, "password");
  if (given !== undefined && given.length < 12) throw new UsageError("--password: use at least 12 characters");
  const password = given ?? generatePassword();
  const user = await createUser(db, { email, role: role as UserRole, name: stringFlag(args, "name") ?? null, password });
  io.out(`created ${user.role} ${user.email} (${user.id})`);
  if (given === undefined) io.out(`password: ${password}`);
}

async function usersList(db: Db, args: ParsedArgs, io: CliIo): Promise<void> {
  expectFlags(args, [], "users list");
  table((await listUsers(db)).map((u) => ({ id: u.id, email: u.email, name: u.name, role: u.role, disabled: u.disabledAt, created: u.createdAt })), io);
}

async function assetsList(db: Db, args: ParsedArgs, io: CliIo): Promise<void> {
  expectFlags(args, ["kind", "search"], "assets list");
  const kind = stringFlag(args, "kind");
  if (kind !== undefined && !(ASSET_KINDS as readonly string[]).includes(kind)) throw new UsageError(`--kind: unknown kind "${kind}" (one of ${ASSET_KINDS.join(", ")})`);
  const search = stringFlag(args, "search")?.toLowerCase();
  const assets = (await listAssets(db, { kind: kind as AssetKind | undefined })).filter((a) => !search || a.slug.includes(search) || a.name.toLowerCase().includes(search));
  table(assets.map((a) => ({ id: a.id, slug: a.slug, name: a.name, kind: a.kind, timezone: a.timezone })), io);
}

const COMMANDS: Record<string, (db: Db, args: ParsedArgs, io: CliIo) => Promise<void>> = {
  "keys create": keysCreate,
  "keys list": keysList,
  "keys revoke": keysRevoke,
  "users create": usersCreate,
  "users list": usersList,
  "assets list": assetsList,
};

/** Runs one command; returns the exit code (0 done, 2 bad usage or input, 1 anything else). */
export async function runAlmanacCli(argv: string[], openDb: () => Promise<Db>, io: CliIo): Promise<number> {
  const [group, verb, ...rest] = argv;
  if (group === undefined || group === "help" || group === "--help" || group === "-h") {
    io.out(USAGE);
    return group === undefined ? 2 : 0;
  }
  const command = COMMANDS[`${group} ${verb}`];
  if (!command) {
    io.err(`unknown command "${[group, verb].filter(Boolean).join(" ")}"\n${USAGE}`);
    return 2;
  }
  try {
    const args = parseArgv(rest, new Set(["all"]));
    await command(await openDb(), args, io);
    return 0;
  } catch (e) {
    const err = e as Error & { field?: string };
    if (e instanceof UsageError) io.err(`${group} ${verb}: ${err.message}`);
    else if (e instanceof AppError) io.err(`${group} ${verb}: ${err.message}${err.field ? ` (field ${err.field})` : ""}`);
    else {
      io.err(`${group} ${verb} failed: ${err.message}`);
      return 1;
    }
    return 2;
  }
}
