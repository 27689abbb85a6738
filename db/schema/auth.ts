import { sql } from "drizzle-orm";
import { index, integer, pgEnum, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";

export const userRole = pgEnum("user_role", ["admin", "analyst", "viewer"]);
export const USER_ROLES = userRole.enumValues;
export type UserRole = (typeof USER_ROLES)[number];

export const users = pgTable(
  "users",
  {
    id: uuid().primaryKey().defaultRandom(),
    email: text().notNull(),
    name: text(),
    /** scrypt hash in the form `scrypt$N$r$p$salt$hash` (see server/auth/password.ts). */
    passwordHash: text(),
    role: userRole().notNull().default("viewer"),
    emailVerified: timestamp({ withTimezone: true }),
    image: text(),
    disabledAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("users_email_unique").on(sql`lower(${t.email})`)],
);

/** next-auth adapter tables (OAuth accounts, database sessions, email tokens). */
export const accounts = pgTable(
  "accounts",
  {
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    type: text().notNull(),
    provider: text().notNull(),
    providerAccountId: text().notNull(),
    refreshToken: text(),
    accessToken: text(),
    expiresAt: integer(),
    tokenType: text(),
    scope: text(),
    idToken: text(),
    sessionState: text(),
  },
  (t) => [primaryKey({ name: "accounts_pk", columns: [t.provider, t.providerAccountId] })],
);

export const sessions = pgTable("sessions", {
  sessionToken: text().primaryKey(),
  userId: uuid()
    .notNull()
    .references(() => users.id, { onDelete: "cascade" }),
  expires: timestamp({ withTimezone: true }).notNull(),
});

export const verificationTokens = pgTable(
  "verification_tokens",
  {
    identifier: text().notNull(),
    token: text().notNull(),
    expires: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ name: "verification_tokens_pk", columns: [t.identifier, t.token] })],
);

export const API_KEY_SCOPES = ["read", "ingest", "predict", "train"] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

/**
 * API keys are shown once. Only a SHA-256 of the secret is stored (keys are 256-bit random, so a fast
 * hash is safe); `prefix` is the public lookup part of the key (`alm_<prefix>_<secret>`).
 */
export const apiKeys = pgTable(
  "api_keys",
  {
    id: uuid().primaryKey().defaultRandom(),
    name: text().notNull(),
    prefix: text().notNull(),
    secretHash: text().notNull(),
    scopes: text().array().$type<ApiKeyScope[]>().notNull(),
    /** Null means every asset; otherwise the asset ids this key may touch. */
    assetIds: uuid().array(),
    createdBy: uuid().references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    lastUsedAt: timestamp({ withTimezone: true }),
    expiresAt: timestamp({ withTimezone: true }),
    revokedAt: timestamp({ withTimezone: true }),
    /** Requests per minute on the predict / anomaly endpoints; null = API_RATE_LIMIT_PER_MINUTE. */
    rateLimitPerMinute: integer(),
  },
  (t) => [uniqueIndex("api_keys_prefix_unique").on(t.prefix), index("api_keys_created_by_idx").on(t.createdBy)],
);
